/**
 * The version `kraken-rx --version` prints (kept equal to package.json by a test).
 * @example
 * ```ts
 * console.log(`kraken-rx ${CLI_VERSION}`);
 * ```
 * @category CLI
 * @since 0.1.0
 */
export const CLI_VERSION = '0.1.0';
