import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A deliberately small in-memory session store: the example is about files, not about sessions. */
export interface Sessions {
  create(user: string): string;
  user(id: string | undefined): string | undefined;
  destroy(id: string | undefined): void;
}

export const SESSION_COOKIE = 'example_session';

export function createSessions(): Sessions {
  const users = new Map<string, string>();
  return {
    create(user) {
      const id = randomBytes(32).toString('base64url');
      users.set(id, user);
      return id;
    },
    user: (id) => (id === undefined ? undefined : users.get(id)),
    destroy: (id) => void (id !== undefined && users.delete(id)),
  };
}

/** Constant-time comparison of the submitted credentials. */
export function credentialsMatch(user: string, password: string, expectedUser: string, expectedPassword: string): boolean {
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  return same(user, expectedUser) && same(password, expectedPassword);
}
