// Runs first in `npm start` and `npm test`, in plain JavaScript so that any Node can run it: the
// scripts are TypeScript run by Node's own type stripping, which needs Node 22.18 or newer.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `portone-checkout needs Node 22.18 or newer (this is ${process.version}): install Node 24, e.g. \`nvm install 24\` (.nvmrc).`,
  );
  process.exit(1);
}
