// Validation at the edge: bodies and query strings through zod, 400 with the reason.
import type { Context } from 'hono';
import type { z } from 'zod';

export type Checked<T> = { ok: true; value: T } | { ok: false; response: Response };

export function reason(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<Checked<z.infer<S>>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, response: c.json({ error: 'body must be JSON' }, 400) };
  }
  const r = schema.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, response: c.json({ error: reason(r.error) }, 400) };
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): Checked<z.infer<S>> {
  const r = schema.safeParse(c.req.query());
  return r.success ? { ok: true, value: r.data } : { ok: false, response: c.json({ error: reason(r.error) }, 400) };
}
