import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The SMTP password at rest. With TUOKE_SECRET_KEY set it is encrypted (AES-256-GCM, the key
 * being SHA-256 of the variable): `enc:v1:<iv>:<tag>:<ciphertext>` in base64url. Without it the
 * password is stored as given (`plain:…`) and the settings say so. It is never returned by the
 * API nor logged.
 */
export class MailSecret {
  private readonly key: Buffer | null;

  constructor(secret: string | undefined) {
    this.key = secret ? createHash('sha256').update(secret).digest() : null;
  }

  get encrypts(): boolean {
    return this.key !== null;
  }

  seal(password: string): string {
    if (!this.key) return `plain:${password}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
    const b = (x: Buffer) => x.toString('base64url');
    return `enc:v1:${b(iv)}:${b(cipher.getAuthTag())}:${b(data)}`;
  }

  open(stored: string): string {
    if (stored.startsWith('plain:')) return stored.slice('plain:'.length);
    const [, version, iv, tag, data] = stored.split(':');
    if (!stored.startsWith('enc:') || version !== 'v1' || !iv || !tag || data === undefined)
      throw new Error('The stored SMTP password is in an unknown format; enter it again');
    if (!this.key)
      throw new Error('The SMTP password is encrypted: set TUOKE_SECRET_KEY to the key it was saved with');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new Error('The SMTP password cannot be decrypted with this TUOKE_SECRET_KEY; enter it again');
    }
  }

  isEncrypted(stored: string | null): boolean {
    return !!stored && stored.startsWith('enc:');
  }
}
