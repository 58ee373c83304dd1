/** userAccountControl, the account flags of an AD user object. */

/** ADS_UF_ACCOUNTDISABLE: the account is disabled. */
export const UAC_ACCOUNTDISABLE = 0x2;

/** Whether the user's userAccountControl (lower-cased attribute name, as read) has the disabled flag. */
export function isAccountDisabled(attributes: Readonly<Record<string, readonly string[]>>): boolean {
  const uac = Number.parseInt(attributes.useraccountcontrol?.[0] ?? '0', 10);
  return (uac & UAC_ACCOUNTDISABLE) !== 0;
}
