import "portone-checkout";

export function BuyButton({ onPaid }: { onPaid: (paymentId: string) => void }) {
  return (
    <portone-checkout
      product="tshirt-black-m"
      pay-method="CARD"
      api="https://checkout.example.workers.dev"
      onportone-paid={(event) => onPaid(event.detail.paymentId)}
      onportone-failed={(event) => console.warn(event.detail.code, event.detail.message)}
    >
      구매하기
    </portone-checkout>
  );
}
