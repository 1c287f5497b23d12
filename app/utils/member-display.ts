/**
 * How a roster entry's name is shown. An erased entry keeps its row (attendance, minutes and ideas
 * still point at it) but its name is the empty string; the viewer sees "Former member" in their own
 * language instead (docs/decisions/004-erasure.md).
 */
export const ERASED_MEMBER_NAME = "";

type Translate = (key: string) => string;

export function isErasedMember(member: { name: string; erasedAt?: Date | string | number | null }): boolean {
  return member.erasedAt != null || member.name === ERASED_MEMBER_NAME;
}

export function displayMemberName(member: { name: string; erasedAt?: Date | string | number | null }, t: Translate): string {
  return isErasedMember(member) ? t("account.formerMember") : member.name;
}
