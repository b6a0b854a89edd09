import { dts } from "rollup-plugin-dts";

// One declaration file, so a host's TypeScript resolves it under any moduleResolution.
export default {
  input: "src/index.ts",
  output: { file: "dist/index.d.ts", format: "es" },
  plugins: [dts({ tsconfig: "tsconfig.json" })],
};
