#!/usr/bin/env bash
# The five-minute tour of README.md, as one script: run it against `npm start` (another terminal).
#   bash docs/tour.sh            # LEDGER=http://localhost:3000 by default
set -euo pipefail
LEDGER=${LEDGER:-http://localhost:3000}
# Reads one field of the JSON on stdin (node is all a fresh machine is sure to have).
field() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s)$1))"; }
token() { npm run -s ledger -- token "$@"; }
post() { curl -sS -X POST "$LEDGER$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "${3:-{\}}"; echo >&2; }

# 1. Who is who: a provider (distributor), a reseller, a customer, and the CSP program's reviewer.
PROVIDER=8a6e0a52-1f0e-4c55-9a0a-5b1f4c2d7e01
RESELLER=8a6e0a52-1f0e-4c55-9a0a-5b1f4c2d7e02
CUSTOMER=8a6e0a52-1f0e-4c55-9a0a-5b1f4c2d7e03
PROGRAM_TOKEN=$(token --kind program --tenant csp-program --sub reviewer-1 --roles reviewer)
PROVIDER_TOKEN=$(token --kind partner --tenant $PROVIDER --sub 0b7d1c7e-0000-4000-8000-000000000001 --roles global-admin)
RESELLER_TOKEN=$(token --kind partner --tenant $RESELLER --sub 0b7d1c7e-0000-4000-8000-000000000002 --roles global-admin)
CUSTOMER_TOKEN=$(token --kind customer --tenant $CUSTOMER --sub customer-admin --roles global-admin)
AUDITOR_TOKEN=$(token --kind auditor --tenant compliance --sub auditor-1 --roles auditor)

# 2. Enroll both partners; the program verifies the contact e-mail and approves.
enroll() { # partnerId partnerType mpnId token company
  post /v1/partners "$4" "{\"partnerId\":\"$1\",\"partnerType\":\"$2\",\"mpnId\":\"$3\",\"cloud\":\"global\",\"tenantCountry\":\"US\",
    \"legalProfile\":{\"name\":\"$5\",\"address\":\"1 Main St, Redmond\",\"country\":\"US\"},
    \"primaryContact\":{\"name\":\"Ada Admin\",\"email\":\"ada@$5.example\",\"phone\":\"+1 425 555 0100\"},
    \"supportContact\":{\"email\":\"support@$5.example\",\"phone\":\"+1 425 555 0101\"}}"
  post /v1/partners/$1/primary-contact/verification "$PROGRAM_TOKEN" '{"token":"emailed-link-token"}'
  post /v1/partners/$1/approval "$PROGRAM_TOKEN"
}
enroll $PROVIDER indirect-provider 1000001 "$PROVIDER_TOKEN" fabrikam
enroll $RESELLER indirect-reseller 1000002 "$RESELLER_TOKEN" contoso

# 3. The provider invites the reseller; the reseller authorizes it (two-tier partnership).
INVITATION=$(post /v1/partners/$PROVIDER/reseller-invitations "$PROVIDER_TOKEN" "{\"resellerId\":\"$RESELLER\"}" | field .invitationId)
post /v1/partners/$RESELLER/indirect-providers "$RESELLER_TOKEN" "{\"providerId\":\"$PROVIDER\",\"invitationId\":\"$INVITATION\",\"consent\":true}"

# 4. The reseller registers a customer and invites it, together with its provider, asking for DAP.
post /v1/customers "$RESELLER_TOKEN" "{\"customerId\":\"$CUSTOMER\",\"companyName\":\"Northwind\",\"domain\":\"northwind.example\",\"country\":\"US\",\"cloud\":\"global\"}"
REQUEST=$(post /v1/customers/$CUSTOMER/relationship-requests "$RESELLER_TOKEN" \
  "{\"partnerId\":\"$RESELLER\",\"indirectProviderId\":\"$PROVIDER\",\"includeDelegatedAdmin\":true}" | field .requestId)

# 5. The customer's global admin accepts: both partners may now transact; the reseller holds DAP.
post /v1/customers/$CUSTOMER/relationship-requests/$REQUEST/acceptance "$CUSTOMER_TOKEN"

# 6. The reseller removes its relationship, attesting good faith. Its DAP stays: a *retained* grant.
POSITION=$(post /v1/customers/$CUSTOMER/relationships/$RESELLER/removal "$RESELLER_TOKEN" \
  '{"attestation":{"goodFaith":true,"legitimateBusinessPurpose":"Customer moved to another partner"},"legalNotice":{"required":false}}' | field .position)

# 7. The compliance questions: retained DAP, may the reseller still administer the tenant, and who did what.
curl -sS "$LEDGER/v1/dap-grants?status=retained&minPosition=$POSITION" -H "Authorization: Bearer $AUDITOR_TOKEN"; echo
curl -sS "$LEDGER/v1/authorizations/check?partnerId=$RESELLER&customerId=$CUSTOMER&action=administer-tenant" -H "Authorization: Bearer $AUDITOR_TOKEN"; echo
curl -sS "$LEDGER/v1/customers/$CUSTOMER/history" -H "Authorization: Bearer $AUDITOR_TOKEN"; echo
