/**
 * Tenant files made before their tenants: copies of the template kept ready beside the tenants,
 * so that a new tenant of a large dataset is moved into place instead of copied. Where the file
 * system cannot share blocks (ext4), a copy of a 100,000-incident template writes ~350 MB, and
 * takes 0.1–0.4 s or, once the system holds gigabytes of such writes, over a second. A test
 * suite whose files each take a tenant as they start then waits for no copy.
 *
 * The pool pays for what is used: it is filled after a new tenant has been made (the first one
 * copies the template itself), one copy at a time, in the background. A new tenant asked for
 * while a spare is being copied takes that one as soon as it is done rather than starting a
 * second copy. Spares stay on disk for the next start; each is named after the template it
 * copies (its tag), and those of another template, or of one written anew since (a database
 * seeded again from edited fixtures), are removed.
 *
 * Two emulators on one folder may reach for the same spare: each first renames it aside, which
 * only one can do (the other takes the next, or copies the template itself), then links it into
 * place, which fails where the tenant's file is already (made by the other meanwhile: that file
 * is kept, and so is the spare).
 */
import { readdirSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyAtomicallyInBackground, linkUnlessPresent } from './atomic-files.js';

const SPARE_PREFIX = '.spare-';
/** Numbers the spares this process makes (two emulators in one process never name two alike). */
let sparesMade = 0;

export interface SpareFilesOptions {
  /** The folder the spares live in (the tenants' one: a spare moves into place without crossing file systems). */
  dir: string;
  /** Names the template the spares copy. */
  tag: string;
  /** How many to keep ready. */
  count: number;
  /** The template was just written anew: spares found on disk may copy an older one, and are removed. */
  templateRewritten?: boolean;
}

export class SpareFiles {
  private readonly ready: string[] = [];
  /** The spare being copied now, and whether a new tenant has already claimed it. */
  private making: { file: Promise<string | undefined>; claimed: boolean } | undefined;
  private filling: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: SpareFilesOptions) {
    const own = `${SPARE_PREFIX}${options.tag}-`;
    let names: string[] = [];
    try {
      names = readdirSync(options.dir);
    } catch {
      // No folder yet: no spares.
    }
    for (const name of names.filter((name) => name.startsWith(SPARE_PREFIX) && name.endsWith('.sqlite')).sort()) {
      if (name.startsWith(own) && !options.templateRewritten && this.ready.length < options.count) this.ready.push(join(options.dir, name));
      else rmSync(join(options.dir, name), { force: true });
    }
  }

  /** Spares ready now. */
  get readyCount(): number {
    return this.ready.length;
  }

  /**
   * Puts a spare in place as `to` (a new tenant's file): a ready one, else the one being copied
   * (once it is done). True when `to` is there now: the spare, or the file another emulator made
   * meanwhile (the spare is then kept). False when there is no spare: the caller copies the
   * template itself.
   */
  async take(to: string): Promise<boolean> {
    for (;;) {
      const spare = this.ready.shift() ?? (await this.claimMaking());
      if (spare === undefined) return false;
      const claimed = `${spare}.claimed-${process.pid}`;
      try {
        await rename(spare, claimed);
      } catch (error) {
        // Another emulator on this folder took it first.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        continue;
      }
      let placed: boolean;
      try {
        placed = await linkUnlessPresent(claimed, to);
      } catch (error) {
        await this.giveBack(claimed, spare);
        throw error;
      }
      if (placed) await rm(claimed, { force: true });
      else await this.giveBack(claimed, spare);
      return true;
    }
  }

  /** Makes the missing spares from `template`, one copy after another, unless that is under way. */
  fill(template: string): void {
    if (this.filling || this.stopped || this.options.count === 0) return;
    this.filling = this.makeMissing(template).finally(() => {
      this.filling = undefined;
    });
  }

  /** Resolves once no spare is being copied. */
  async settled(): Promise<void> {
    await this.filling;
  }

  /** Makes no more spares (those ready stay for the next start). */
  stop(): void {
    this.stopped = true;
  }

  /** A spare renamed aside but not used, ready again. */
  private async giveBack(claimed: string, spare: string): Promise<void> {
    await rename(claimed, spare);
    this.ready.unshift(spare);
  }

  private async claimMaking(): Promise<string | undefined> {
    if (!this.making || this.making.claimed) return undefined;
    this.making.claimed = true;
    return this.making.file;
  }

  private async makeMissing(template: string): Promise<void> {
    while (!this.stopped && this.ready.length < this.options.count) {
      const to = join(this.options.dir, `${SPARE_PREFIX}${this.options.tag}-${process.pid}-${++sparesMade}.sqlite`);
      const making = {
        file: copyAtomicallyInBackground(template, to).then(
          () => to,
          () => undefined,
        ),
        claimed: false,
      };
      this.making = making;
      const file = await making.file;
      this.making = undefined;
      // A copy that failed (a full disk) ends the filling; the next new tenant copies for itself and fills again.
      if (file === undefined) return;
      if (!making.claimed) this.ready.push(file);
    }
  }
}
