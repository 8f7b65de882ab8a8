import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BuyButton } from "./BuyButton.tsx";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BuyButton onPaid={(paymentId) => location.assign(`/thanks/${paymentId}`)} />
  </StrictMode>,
);
