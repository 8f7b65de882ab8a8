/// <reference types="vite/client" />
/// <reference types="portone-checkout/vue" />
