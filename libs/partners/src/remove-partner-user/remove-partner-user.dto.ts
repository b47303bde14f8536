/*
 * `DELETE /v1/partners/{partnerId}/users/{userId}` has no body: the path names the partner and the
 * user (PartnerUserPathParams); the answer is a PartnerUserWriteResponse.
 */
export { PartnerUserPathParams as RemovePartnerUserParams } from '../http/path-params';
export { PartnerUserWriteResponse as RemovePartnerUserResponse } from '../http/write-responses';
