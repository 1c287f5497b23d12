import { zxcvbn, zxcvbnOptions } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

zxcvbnOptions.setOptions({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

/**
 * NIST 800-63B style: a length floor, no composition rules, and refusal of passwords that are common
 * or easy to guess (zxcvbn with the common-password lists), including ones built from the user's
 * own name or e-mail. Returns an i18n error key, or null when the password is acceptable.
 */
export function passwordProblem(password: string, userInputs: string[] = []): string | null {
  if (password.length < PASSWORD_MIN) return "validation.passwordLength";
  if (password.length > PASSWORD_MAX) return "validation.tooLong";
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[^\p{L}\p{N}]+/u)]).filter((s) => s.length >= 3);
  const result = zxcvbn(password, inputs);
  if (result.score < 3) return "validation.passwordCommon";
  return null;
}
