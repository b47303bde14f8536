/*
 * `POST /v1/partners/{partnerId}/approval` takes `{}`: the path names the partner (PartnerPathParams)
 * and the body is the platform's EmptyBody (`{}` or none); the answer is a PartnerWriteResponse.
 */
export { PartnerPathParams as ApproveEnrollmentParams } from '../http/path-params';
export { PartnerWriteResponse as ApproveEnrollmentResponse } from '../http/write-responses';
