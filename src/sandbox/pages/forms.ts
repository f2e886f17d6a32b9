/**
 * Forms from JSON Schema, as upstream's hosted page builds them from an auth method's
 * `input_schema` and a provider's config schema:
 *
 * | schema                                   | control                       |
 * | ---------------------------------------- | ----------------------------- |
 * | `enum`                                   | `<select>`                    |
 * | string, `format: password`               | `<input type=password>` (secret) |
 * | string, `format: email`                  | `<input type=email>`          |
 * | string, `format: uri` / `url`            | `<input type=url>`            |
 * | string, `maxLength` over 255 ("long")    | `<textarea>`                  |
 * | other strings                            | `<input type=text>`           |
 * | `number` / `integer`                     | `<input type=number>`         |
 * | `boolean`                                | `<input type=checkbox>`       |
 *
 * `title` is the label (else the key), `description` the help text, `required` is honoured,
 * `default` fills an empty form. The same schema validates the submitted form on the server
 * (the browser's checks are only a convenience): a bad form comes back with one message per
 * field and the user's input kept, except secrets, which are never sent back.
 */
import { html, type SafeHtml } from './html.js';

type Json = Record<string, unknown>;

export type Control = 'select' | 'text' | 'email' | 'url' | 'password' | 'textarea' | 'number' | 'checkbox';

export interface FieldSpec {
  name: string;
  control: Control;
  label: string;
  help: string | null;
  required: boolean;
  /** Never echoed back into the page. */
  secret: boolean;
  schema: Json;
}

/** A string whose `maxLength` is over this is "long": a textarea. */
export const LONG_STRING = 255;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function controlOf(schema: Json): Control {
  if (Array.isArray(schema.enum)) return 'select';
  if (schema.type === 'boolean') return 'checkbox';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  switch (schema.format) {
    case 'password':
      return 'password';
    case 'email':
      return 'email';
    case 'uri':
    case 'url':
      return 'url';
  }
  return typeof schema.maxLength === 'number' && schema.maxLength > LONG_STRING ? 'textarea' : 'text';
}

/** The fields of an object schema, in property order. */
export function fieldsOf(schema: unknown): FieldSpec[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === 'string') : []);
  return Object.entries(schema.properties)
    .filter((entry): entry is [string, Json] => isObject(entry[1]))
    .map(([name, property]) => {
      const control = controlOf(property);
      return {
        name,
        control,
        label: typeof property.title === 'string' ? property.title : name,
        help: typeof property.description === 'string' ? property.description : null,
        // A checkbox always has a value (true or false), so "required" cannot fail for it.
        required: required.has(name) && control !== 'checkbox',
        secret: control === 'password' || property.writeOnly === true,
        schema: property,
      };
    });
}

export function hasFields(schema: unknown): boolean {
  return fieldsOf(schema).length > 0;
}

export interface Validated {
  /** Typed values of the valid fields (numbers as numbers, checkboxes as booleans). */
  values: Record<string, unknown>;
  /** A message per invalid field, by name. */
  errors: Record<string, string>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks submitted form fields against the schema's fields. */
export function validateFields(fields: readonly FieldSpec[], form: Record<string, string>): Validated {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const { schema } = field;
    if (field.control === 'checkbox') {
      values[field.name] = form[field.name] !== undefined;
      continue;
    }
    // Secrets are taken as typed; other text loses surrounding whitespace.
    const raw = field.secret ? (form[field.name] ?? '') : (form[field.name] ?? '').trim();
    if (raw === '') {
      if (field.required) errors[field.name] = `${field.label} is required.`;
      continue;
    }
    const problem = fieldProblem(field, raw, schema);
    if (problem) errors[field.name] = problem;
    else values[field.name] = field.control === 'number' ? Number(raw) : raw;
  }
  return { values, errors };
}

function fieldProblem(field: FieldSpec, raw: string, schema: Json): string | null {
  if (field.control === 'select') {
    return (schema.enum as unknown[]).some((option) => String(option) === raw) ? null : `Choose one of the options for ${field.label}.`;
  }
  if (field.control === 'number') {
    const value = Number(raw);
    if (!Number.isFinite(value)) return `${field.label} must be a number.`;
    if (schema.type === 'integer' && !Number.isInteger(value)) return `${field.label} must be a whole number.`;
    if (typeof schema.minimum === 'number' && value < schema.minimum) return `${field.label} must be at least ${schema.minimum}.`;
    if (typeof schema.maximum === 'number' && value > schema.maximum) return `${field.label} must be at most ${schema.maximum}.`;
    return null;
  }
  const length = [...raw].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) return `${field.label} must be at least ${schema.minLength} characters.`;
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) return `${field.label} must be at most ${schema.maxLength} characters.`;
  if (field.control === 'email' && !EMAIL.test(raw)) return `${field.label} must be an email address.`;
  if (field.control === 'url') {
    try {
      const url = new URL(raw);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${field.label} must be an http(s) URL.`;
    } catch {
      return `${field.label} must be a full URL such as https://example.com/.`;
    }
  }
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(raw)) {
    return typeof schema.patternDescription === 'string' ? `${field.label}: ${schema.patternDescription}` : `${field.label} is not in the expected format.`;
  }
  return null;
}

/** What to show in a field: the user's input (never a secret), else the schema's default. */
function shownValue(field: FieldSpec, input: Record<string, string> | null): string {
  if (field.secret) return '';
  if (input) return input[field.name] ?? '';
  return field.schema.default === undefined ? '' : String(field.schema.default);
}

function isChecked(field: FieldSpec, input: Record<string, string> | null): boolean {
  return input ? input[field.name] !== undefined : field.schema.default === true;
}

/** The form's controls with labels, help and errors. `input` is the submitted form (null on
 *  first display); `errors` the messages from validateFields. */
export function renderFields(fields: readonly FieldSpec[], input: Record<string, string> | null, errors: Record<string, string>): SafeHtml {
  return html`${fields.map((field) => {
    const id = `field-${field.name}`;
    const error = errors[field.name];
    const describedBy = [field.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    const common = html`id="${id}" name="${field.name}"${field.required ? html` required` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}`;
    const help = field.help ? html`<small class="help" id="${id}-help">${field.help}</small>` : '';
    const message = error ? html`<small class="error" id="${id}-error">${error}</small>` : '';
    if (field.control === 'checkbox') {
      return html`<div class="field check"><input type="checkbox" ${common} value="true"${isChecked(field, input) ? html` checked` : ''}><label for="${id}">${field.label}</label>${help}${message}</div>`;
    }
    const value = shownValue(field, input);
    const { schema } = field;
    let control: SafeHtml;
    if (field.control === 'select') {
      const options = (schema.enum as unknown[]).map(String);
      control = html`<select ${common}>${field.required && value === '' ? html`<option value="" disabled selected>Choose…</option>` : html`<option value="">—</option>`}${options.map((option) => html`<option value="${option}"${option === value ? html` selected` : ''}>${option}</option>`)}</select>`;
    } else if (field.control === 'textarea') {
      control = html`<textarea ${common} rows="4"${typeof schema.maxLength === 'number' ? html` maxlength="${schema.maxLength}"` : ''}>${value}</textarea>`;
    } else if (field.control === 'number') {
      const step = schema.type === 'integer' ? '1' : 'any';
      control = html`<input type="number" ${common} value="${value}" step="${step}"${typeof schema.minimum === 'number' ? html` min="${schema.minimum}"` : ''}${typeof schema.maximum === 'number' ? html` max="${schema.maximum}"` : ''}>`;
    } else {
      const limits = html`${typeof schema.minLength === 'number' ? html` minlength="${schema.minLength}"` : ''}${typeof schema.maxLength === 'number' ? html` maxlength="${schema.maxLength}"` : ''}`;
      control = html`<input type="${field.control}" ${common} value="${value}"${limits}${field.secret ? html` autocomplete="off"` : ''}>`;
    }
    return html`<div class="field"><label for="${id}">${field.label}${field.required ? '' : html` <span class="optional">(optional)</span>`}</label>${control}${help}${message}</div>`;
  })}`;
}
