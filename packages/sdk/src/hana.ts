// The Node-only subpath `@residency/sdk/hana`: secrets kept in the SAP HANA Secure Store, and
// the simple environment-variable and file providers, re-exported whole from
// `@residency/secrets/hana` and `@residency/secrets/node` so applications import from the facade
// only. A separate entry, so the default entry stays browser-safe.
//
// @example
// const provider = new HanaSecretsProvider({ store: new HanaSecureStore() });
// const storage = await createStorage({
//   …, secretKeyAccessor: new SecretKeyAccessor(provider.accessor()),
// });

export * from '@residency/secrets/hana';
export * from '@residency/secrets/node';
