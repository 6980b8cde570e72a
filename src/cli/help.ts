/**
 * The `--help` text of each command (README "Command line" repeats it).
 * @module
 */

const EXIT_CODES = `Exit codes: 0 ok, 1 invalid token, 2 usage error.`;

/** Help per command; `main` is the top-level one. */
export const HELP = {
  main: `Usage: tokenwarden <command> [options]

Commands:
  keygen    generate a signing key (JWK, PEM or .env lines)
  jwks      print the public JWKS of key files
  inspect   decode a token without trusting it, and verify it with --key/--jwks

Run "tokenwarden <command> --help" for a command's options.
${EXIT_CODES}
`,
  keygen: `Usage: tokenwarden keygen --alg <alg> [--kid <kid>] [--format jwk|pem|env] [--json]

Generates a new key and prints it to stdout (a one-line warning goes to stderr).
  --alg      EdDSA, ES256, ES384, ES512, RS256, RS384, RS512, PS256, PS384,
             PS512, HS256, HS384 or HS512 (HS*: a random secret of the hash's length)
  --kid      the key id; default: the RFC 7638 thumbprint createKeySet derives
  --format   jwk (default): the private JWK; pem: PKCS #8 (asymmetric keys
             only); env: JWT_ALG, JWT_KID and JWT_SECRET or JWT_PRIVATE_JWK lines
  --json     one JSON object: { alg, kid, format, key }
${EXIT_CODES}
`,
  jwks: `Usage: tokenwarden jwks <key file>... [--alg <alg>] [--json]

Prints the public JWKS of the keys in the files (JWK, JWKS or PEM, private or
public). Private members are never printed; HMAC secrets are refused.
  --alg      the algorithm of keys that do not name one (RSA keys, PEM files)
  --json     compact JSON on one line
${EXIT_CODES}
`,
  inspect: `Usage: tokenwarden inspect <token | -> [--key <file>]... [--jwks <file>]...
                           [--issuer <iss>]... [--audience <aud>]... [--typ <typ>]
                           [--alg <alg>] [--json]

Decodes the token WITHOUT trusting it: header, claims, exp/iat/nbf as dates and
relative times, and warnings. "-" reads the token from stdin, so it stays out
of your shell history. With --key or --jwks it also verifies the token with
tokenwarden's own verifier and prints the AuthError code when it fails.
  --key, --jwks   key files (JWK, JWKS or PEM); repeatable
  --issuer        accepted iss (default: the token's own, reported as not checked)
  --audience      accepted aud (default: the token's own, reported as not checked)
  --typ           expected typ header (default: at+jwt)
  --alg           the algorithm of keys that do not name one
  --json          one JSON object: { header, claims, times, warnings, verification }
${EXIT_CODES} A token that cannot be decoded or fails verification exits 1.
`,
} as const;
