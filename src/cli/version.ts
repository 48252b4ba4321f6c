/** The version `tea --version` prints, kept in step with package.json by a test. */
export const version = '0.1.0';

/** What `tea --impl` prints: TEA's CLIs answer `python` or `rust`. */
export const implementation = 'typescript';
