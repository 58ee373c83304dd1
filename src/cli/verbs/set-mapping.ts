import { MAX_CUSTOM_ATTRIBUTES } from '../../api/schema.js';
import { loadConfig, updateConfig, type MappingSettings } from '../../config/config.js';
import { BINARY_SYNTAXES, SYNTAX_NAMES, type AttributeSchemaInfo } from '../../directory/ldap/schema.js';
import { BadRequestError } from '../../protocol/errors.js';
import { CUSTOM_ATTRIBUTES, OVERRIDABLE_FIELDS, PAYLOAD_FIELDS } from '../../sync/user-mapping.js';
import { createDirectory, requireDirectory } from '../services.js';
import { defineVerb } from '../verb.js';

/** An LDAP attribute name (descriptor): letter, then letters, digits and hyphens. OIDs are not accepted. */
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** A custom field name: safe in templates and JSON paths. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

interface ParsedEntry {
  attribute: string;
  target: string;
  entry: string;
}

/** "<adAttribute>=<fieldName>" (or "<adAttribute>" alone when the names are the same). */
function parseEntries(param: string, entries: string[], allowBare: boolean): ParsedEntry[] {
  return entries.map((raw) => {
    const entry = raw.trim();
    const eq = entry.indexOf('=');
    const attribute = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    const target = (eq < 0 ? entry : entry.slice(eq + 1)).trim();
    if ((eq < 0 && !allowBare) || !attribute || !target) {
      throw new BadRequestError(`Parameter '${param}': '${raw}' is not of the form <adAttribute>=<fieldName>.`, { param, entry: raw });
    }
    if (!ATTRIBUTE_NAME.test(attribute)) {
      throw new BadRequestError(`Parameter '${param}': '${attribute}' is not an LDAP attribute name (lDAPDisplayName, e.g. extensionAttribute1).`, { param, entry: raw });
    }
    return { attribute, target, entry: raw };
  });
}

function customAttributesOf(entries: ParsedEntry[]): Record<string, string> {
  if (entries.length > MAX_CUSTOM_ATTRIBUTES) {
    throw new BadRequestError(`Parameter 'customAttributes' may hold at most ${MAX_CUSTOM_ATTRIBUTES} entries (the API's limit).`, { param: 'customAttributes' });
  }
  const fixed = new Map(PAYLOAD_FIELDS.map((field) => [field.toLowerCase(), field]));
  const result: Record<string, string> = {};
  const seen = new Set<string>();
  for (const { attribute, target, entry } of entries) {
    if (!FIELD_NAME.test(target)) {
      throw new BadRequestError(
        `Parameter 'customAttributes': '${target}' is not a valid custom field name (a letter, then up to 127 letters, digits, '_', '-' or '.').`,
        { param: 'customAttributes', entry },
      );
    }
    const clash = fixed.get(target.toLowerCase());
    if (clash) {
      throw new BadRequestError(
        `Parameter 'customAttributes': '${target}' is a fixed payload field. To fill it from ${attribute}, use fieldOverrides '${attribute}=${clash}'; otherwise pick another name.`,
        { param: 'customAttributes', entry, field: clash },
      );
    }
    if (seen.has(target.toLowerCase())) {
      throw new BadRequestError(`Parameter 'customAttributes': the field name '${target}' is given twice.`, { param: 'customAttributes', entry });
    }
    seen.add(target.toLowerCase());
    result[target] = attribute;
  }
  return result;
}

function fieldOverridesOf(entries: ParsedEntry[]): Record<string, string> {
  const overridable = new Map(OVERRIDABLE_FIELDS.map((field) => [field.toLowerCase(), field]));
  const result: Record<string, string> = {};
  for (const { attribute, target, entry } of entries) {
    const field = overridable.get(target.toLowerCase());
    if (!field) {
      const computed = PAYLOAD_FIELDS.some((name) => name.toLowerCase() === target.toLowerCase());
      throw new BadRequestError(
        computed
          ? `Parameter 'fieldOverrides': '${target}' is computed by the agent (docs/mapping.md) and cannot be taken from another attribute.`
          : `Parameter 'fieldOverrides': '${target}' is not a payload field. Fields: ${OVERRIDABLE_FIELDS.join(', ')}. For a new field use customAttributes.`,
        { param: 'fieldOverrides', entry },
      );
    }
    if (result[field] !== undefined) {
      throw new BadRequestError(`Parameter 'fieldOverrides': the field '${field}' is given twice.`, { param: 'fieldOverrides', entry });
    }
    result[field] = attribute;
  }
  return result;
}

/**
 * Checks every named attribute against the directory schema (attributeSchema by lDAPDisplayName
 * under the schemaNamingContext): it must exist and hold text. Returns the schema's spelling.
 */
function checkAgainstSchema(names: string[], found: AttributeSchemaInfo[]): Map<string, AttributeSchemaInfo> {
  const byName = new Map(found.map((info) => [info.lDAPDisplayName.toLowerCase(), info]));
  const missing = names.filter((name) => !byName.has(name.toLowerCase()));
  if (missing.length > 0) {
    throw new BadRequestError(
      `Not in the directory schema: ${missing.join(', ')}. Check the spelling (lDAPDisplayName), or extend the schema first (Exchange adds extensionAttribute1-15).`,
      { missing },
    );
  }
  const binary = names.map((name) => byName.get(name.toLowerCase())!).filter((info) => BINARY_SYNTAXES[info.syntax]);
  if (binary.length > 0) {
    throw new BadRequestError(
      `Binary attributes cannot be text fields: ${binary.map((info) => `${info.lDAPDisplayName} (${BINARY_SYNTAXES[info.syntax]})`).join(', ')}.`,
      { binary: binary.map((info) => info.lDAPDisplayName) },
    );
  }
  return byName;
}

export interface MappingView {
  /** Custom field name -> AD attribute (the defaults when none was set). */
  customAttributes: Record<string, string>;
  /** Payload field -> AD attribute, replacing the default attribute of that field. */
  fieldOverrides: Record<string, string>;
  allowUpnAsEmail: boolean;
  /** Whether custom attributes are the default (extensionAttribute1..15 under their own names). */
  defaultCustomAttributes: boolean;
  /** Whether the attribute names were checked against the directory schema now. */
  checked: boolean;
  /** What the schema says about the attributes checked now. */
  attributes?: { name: string; syntax: string; singleValued: boolean }[];
}

export function mappingView(mapping: MappingSettings | undefined, checked = false, attributes?: MappingView['attributes']): MappingView {
  return {
    customAttributes: mapping?.customAttributes ?? Object.fromEntries(CUSTOM_ATTRIBUTES.map((name) => [name, name])),
    fieldOverrides: mapping?.fieldOverrides ?? {},
    allowUpnAsEmail: mapping?.allowUpnAsEmail === true,
    defaultCustomAttributes: mapping?.customAttributes === undefined,
    checked,
    ...(attributes ? { attributes } : {}),
  };
}

export const setMappingVerb = defineVerb({
  name: 'set-mapping',
  summary: 'Map AD attributes to Signature 365 fields (custom attributes, field overrides) and choose the email rule; names are checked against the directory schema.',
  params: [
    {
      name: 'customAttributes',
      type: 'string[]',
      description:
        "Custom attributes, each '<adAttribute>=<fieldName>' (or '<adAttribute>' for the same name), sent under customAttributes. Replaces the list; [] sends none. Default: extensionAttribute1..15.",
    },
    {
      name: 'fieldOverrides',
      type: 'string[]',
      description: "Fixed fields read from another attribute, each '<adAttribute>=<payloadField>', e.g. 'extensionAttribute3=jobTitle'. Replaces the list; [] clears it.",
    },
    { name: 'allowUpnAsEmail', type: 'boolean', description: 'Use userPrincipalName as the email of users with neither a primary SMTP address nor mail.' },
    { name: 'reset', type: 'boolean', description: 'Back to the default mapping (alone: no other mapping param).' },
    { name: 'skipTest', type: 'boolean', description: 'Save without checking the attribute names against the directory schema.' },
  ],
  async run(context, params) {
    const config = await loadConfig(context.configDir);
    if (params.reset === true) {
      if (params.customAttributes !== undefined || params.fieldOverrides !== undefined || params.allowUpnAsEmail !== undefined) {
        throw new BadRequestError("Parameter 'reset' goes alone.", { param: 'reset' });
      }
      await updateConfig(context.configDir, ({ mapping: _dropped, ...rest }) => rest);
      return mappingView(undefined);
    }
    const custom = params.customAttributes !== undefined ? customAttributesOf(parseEntries('customAttributes', params.customAttributes, true)) : undefined;
    const overrides = params.fieldOverrides !== undefined ? fieldOverridesOf(parseEntries('fieldOverrides', params.fieldOverrides, false)) : undefined;

    // Only the fields given: merged into the stored mapping when it is written.
    const mapping: MappingSettings = {};
    if (custom) mapping.customAttributes = custom;
    if (overrides) mapping.fieldOverrides = overrides;
    if (params.allowUpnAsEmail !== undefined) mapping.allowUpnAsEmail = params.allowUpnAsEmail;

    const names = [...new Set([...Object.values(custom ?? {}), ...Object.values(overrides ?? {})])];
    let attributes: MappingView['attributes'];
    if (!params.skipTest && names.length > 0) {
      const directory = await createDirectory(context, requireDirectory(config));
      let byName: Map<string, AttributeSchemaInfo>;
      try {
        await directory.connect();
        byName = checkAgainstSchema(names, await directory.readAttributeSchemas(names));
      } finally {
        await directory.close();
      }
      // Store the schema's spelling, so the config reads like the directory.
      const canonical = (name: string): string => byName.get(name.toLowerCase())!.lDAPDisplayName;
      if (custom) mapping.customAttributes = Object.fromEntries(Object.entries(custom).map(([field, name]) => [field, canonical(name)]));
      if (overrides) mapping.fieldOverrides = Object.fromEntries(Object.entries(overrides).map(([field, name]) => [field, canonical(name)]));
      attributes = names.map((name) => {
        const info = byName.get(name.toLowerCase())!;
        return { name: info.lDAPDisplayName, syntax: SYNTAX_NAMES[info.syntax] ?? info.syntax, singleValued: info.singleValued };
      });
    }
    const stored = await updateConfig(context.configDir, (current) => ({ ...current, mapping: { ...current.mapping, ...mapping } }));
    return mappingView(stored.mapping, attributes !== undefined, attributes);
  },
  text: (r) =>
    [
      `Custom attributes${r.defaultCustomAttributes ? ' (default)' : ''}: ${Object.entries(r.customAttributes).map(([field, name]) => `${name} -> ${field}`).join(', ') || 'none'}`,
      `Field overrides: ${Object.entries(r.fieldOverrides).map(([field, name]) => `${name} -> ${field}`).join(', ') || 'none'}`,
      `userPrincipalName as email: ${r.allowUpnAsEmail ? 'yes' : 'no'}`,
      r.checked ? `Checked against the directory schema${(r.attributes ?? []).some((a) => !a.singleValued) ? ' (multi-valued attributes send their first value)' : ''}.` : 'Not checked against the schema.',
    ].join('\n'),
});

export const getMappingVerb = defineVerb({
  name: 'get-mapping',
  summary: 'Show the attribute mapping and the email rule.',
  async run(context) {
    return mappingView((await loadConfig(context.configDir)).mapping);
  },
  text: (r) => setMappingVerb.text(r),
});
