import { describe, expect, it } from "vitest";
import { formDetails } from "../../../widget/form-details.ts";

const address = { postcode: "04524", address1: "서울 중구 세종대로 110" };

describe("formDetails()", () => {
  it.each([
    ["no fields", {}, {}],
    ["blank fields only", { name: " ", email: "" }, {}],
    [
      "a buyer without an address",
      { name: "김포트", email: "a@b.kr" },
      { customer: { fullName: "김포트", email: "a@b.kr" } },
    ],
    ["trimmed values", { phone: " 01012345678 " }, { customer: { phoneNumber: "01012345678" } }],
    [
      "an address: shipping to the buyer's name and phone",
      { name: "김포트", phone: "01012345678", ...address, address2: "3층", note: "문 앞" },
      {
        customer: { fullName: "김포트", phoneNumber: "01012345678" },
        shipping: { recipient: "김포트", phoneNumber: "01012345678", ...address, address2: "3층", note: "문 앞" },
      },
    ],
    [
      "an address without a name or phone: shipping as given, for the worker to refuse",
      { address1: "서울" },
      { shipping: { address1: "서울" } },
    ],
    ["a note alone: no shipping", { note: "문 앞" }, {}],
    ["fields it does not know, and files", { city: "Seoul", name: new Blob() }, {}],
  ])("maps %s", (_name, fields, expected) => {
    expect(formDetails(fields as Record<string, unknown>)).toEqual(expected);
  });
});
