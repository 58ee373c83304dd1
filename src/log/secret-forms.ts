/**
 * The spellings a secret takes once some program has serialised it: JSON string escaping (with and
 * without `\uXXXX` for non-ASCII, as other JSON writers do), and URL encoding (RFC 3986 and HTML
 * forms, either case of hex). A server echoing our Authorization header may send any of them.
 */
export function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const jsonAscii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const url = encodeURIComponent(secret);
  const strictUrl = url.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const forms = [secret, json, jsonAscii, url, strictUrl, strictUrl.replace(/%20/g, '+')];
  return [...new Set([...forms, ...forms.map(lowerHex)])];
}

function lowerHex(text: string): string {
  return text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}
