// A fixture worker for bench/isolate-cpu.ts: burns `?n=` loop turns per request, a known amount
// of CPU against which the profiler's per-request figures are checked.
export default {
  fetch(request) {
    const n = Number(new URL(request.url).searchParams.get("n")) || 0;
    let x = 0;
    for (let i = 0; i < n; i++) x = (Math.imul(x, 31) + i) | 0;
    return new Response(String(x));
  },
};
