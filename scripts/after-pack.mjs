// electron-builder `afterPack` hook (electron-builder.yml): flips the packed Electron binary's fuses before it is
// signed. The fuse choice and the binary's path are in src-main/fuses.ts (pure, tested in test/main/fuses.test.ts);
// this file only joins them to @electron/fuses. `npm run dist` builds first, so the compiled module is there.
import * as fuses from '@electron/fuses';

const { applyKiraFuses } = await import(new URL('../dist/src-main/fuses.js', import.meta.url).href);

export default async function afterPack(context) {
  await applyKiraFuses(context, { FuseV1Options: fuses.FuseV1Options, FuseVersion: fuses.FuseVersion, flipFuses: fuses.flipFuses });
}
