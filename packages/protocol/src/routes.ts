// The paths of the storage API (protocol.md §1.1, §4), written once: the client builds its
// request URLs from them and the server registers its routes with them, so a path renamed on one
// side is renamed on the other. Paths below a country's records are relative to
// `${RECORDS_PREFIX}/{country}` (the client) or `${RECORDS_PREFIX}/:country` (the server's route).

/** The records API prefix; the country code follows (protocol.md §1.1). */
export const RECORDS_PREFIX = '/v2/storage/records';

/** `POST …/{country}/find`: a page of records by filter (§4.4). */
export const FIND_PATH = '/find';

/** `POST …/{country}/batchWrite`: up to 100 records at once (§4.2). */
export const BATCH_WRITE_PATH = '/batchWrite';

/** `POST …/{country}/batchDelete`: records by key (§4.6). */
export const BATCH_DELETE_PATH = '/batchDelete';

/** Below a record (`…/{country}/{record_key}`): its attachments (§4.8). */
export const ATTACHMENTS_PATH = '/attachments';

/** Below an attachment (`…/attachments/{file_id}`): its metadata (§4.8). */
export const ATTACHMENT_META_PATH = '/meta';

/** `GET /healthcheck` at the host: `{ "result": "ok" }` (§4.7). */
export const HEALTHCHECK_PATH = '/healthcheck';

/** Where Residency's server answers the OAuth2 token request (§2.3); clients are given the URL. */
export const TOKEN_PATH = '/oauth2/token';

/** Where Residency's server answers the countries list (§1.2); clients are given the URL. */
export const COUNTRIES_PATH = '/countries';
