/*
 * `DELETE /v1/partners/{resellerId}/indirect-providers/{providerId}/tenant-admin-access` has no
 * body: the path names the pair (PartnershipPathParams); the answer is a PartnershipWriteResponse.
 */
export {
  PartnershipPathParams as RemoveProviderTenantAdminAccessParams,
  PartnershipWriteResponse as RemoveProviderTenantAdminAccessResponse,
} from '../http/partnership-http';
