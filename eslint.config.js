// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/generated/**",
      "**/.next/**",
      "**/.turbo/**",
      "scratch/**",
      ".data/**",
      ".packages/**",
      "packages/core/publish/**",
      "**/*.config.ts",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.ts"] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Only env.ts modules read the environment (create-t3-turbo's rule); scripts and tests pass it on explicitly.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through the app's env.ts." },
      ],
    },
  },
  {
    files: ["**/env.ts", "scripts/**", "bench/**", "tests/**", "**/*.test.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
