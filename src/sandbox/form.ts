import type { Context } from 'hono';

/** The string fields of a urlencoded or multipart body; undefined when the body is malformed. */
export async function readFormFields(c: Context): Promise<Record<string, string> | undefined> {
  try {
    const body = await c.req.parseBody();
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) if (typeof value === 'string') fields[key] = value;
    return fields;
  } catch {
    return undefined;
  }
}
