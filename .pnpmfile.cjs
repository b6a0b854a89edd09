// The packages hosts install (@atiende/client, @atiende/react) ship without what only builds them:
// their devDependencies name workspace packages that are never published.
module.exports = {
  hooks: {
    beforePacking(manifest) {
      delete manifest.devDependencies;
      delete manifest.scripts;
      return manifest;
    },
  },
};
