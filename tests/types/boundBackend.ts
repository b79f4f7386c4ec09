/**
 * Type test, checked by `npm run build` (tsc compiles tests/): each `@ts-expect-error` line must
 * fail to compile, or tsc reports the directive as unused. It proves that a backend and settings of
 * another backend cannot be paired, and that nothing after parsing takes settings at all.
 * Nothing here runs.
 */
import { Settings } from '../../input';
import { BACKENDS } from '../../providers';
import { bindBackend, BoundBackend, StackContext } from '../../providers/backend';
import { localBackend } from '../../providers/local';
import { LocalSettings } from '../../providers/local/settings';
import { mskBackend } from '../../providers/msk';
import { MskSettings } from '../../providers/msk/settings';

declare const ctx: StackContext;
declare const msk: MskSettings;
declare const local: LocalSettings;
declare const settings: Settings;

export function pairings(): BoundBackend[] {
  // The right pairings compile.
  const bound = [bindBackend(mskBackend, msk), bindBackend(localBackend, local)];
  mskBackend.create({ ...ctx, settings: msk });
  settings.backend.create(ctx);
  const mine: MskSettings | undefined = settings.backend.settingsOf(mskBackend);

  // @ts-expect-error settings of another backend do not bind to MSK
  bound.push(bindBackend(mskBackend, local));
  // @ts-expect-error nor does anything else (the example of issue 23)
  mskBackend.create({ ...ctx, settings: 42 });
  // @ts-expect-error the bound backend's create takes no settings: it has its own
  settings.backend.create({ ...ctx, settings: local });
  // @ts-expect-error the registry hands out no create that settings could be passed to
  BACKENDS[0]?.create({ ...ctx, settings: msk });
  // @ts-expect-error settings read back are typed by the backend asked, not by the caller
  const wrong: LocalSettings | undefined = settings.backend.settingsOf(mskBackend);
  // @ts-expect-error the chosen backend is a bound backend, not settings of unknown type
  const raw: Settings['backend'] = msk;

  return [...bound, ...(mine && wrong && raw ? [] : [])];
}
