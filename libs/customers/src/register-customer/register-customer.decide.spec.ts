import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import { evolveCustomer } from '../customer/customer.evolve';
import type { RegisterCustomer } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { initialCustomerState } from '../customer/customer.state';
import {
  auditorActor,
  contextFor,
  customerAdmin,
  customerUser,
  ids,
  noPartner,
  partnerState,
  partnerUser,
  partners,
  programActor,
  registered,
  users,
} from '../testing/customer-fixtures';
import { decideRegisterCustomer, type RegisterCustomerInputs } from './register-customer.decide';

const spec = deciderSpec<ReturnType<typeof evolveCustomer>, CustomerEvent>({ initialState: initialCustomerState, evolve: evolveCustomer });

const register = (actor = partnerUser(ids.reseller, users.salesAgent), customerId: string = ids.customer): RegisterCustomer => ({
  type: 'RegisterCustomer',
  data: { customerId, companyName: 'Contoso', domain: 'contoso.example', country: 'US', cloud: 'global' },
  context: contextFor(actor),
});

const inputs = (overrides: Partial<RegisterCustomerInputs> = {}): RegisterCustomerInputs => ({
  actingPartner: partners[ids.reseller]!,
  tenantIsCspPartner: false,
  ...overrides,
});

describe('RegisterCustomer', () => {
  it('a seller of an approved partner registers a new customer, creating no relationship', () => {
    const state = spec
      .given([])
      .when((s) => decideRegisterCustomer(register(), s, inputs()))
      .then([{ type: 'CustomerRegistered', data: { ...registered().data, registeredByPartnerId: ids.reseller, registeredBy: 'partner' } }]);
    expect(state.status).toBe('registered');
    if (state.status === 'registered') {
      expect(state.relationships).toEqual({});
      expect(state.dapGrants).toEqual({});
      expect(state.requests).toEqual({});
    }
  });

  it("the customer's own global admin registers itself", () => {
    spec
      .given([])
      .when((s) => decideRegisterCustomer(register(customerAdmin()), s, inputs({ actingPartner: noPartner })))
      .then([{ type: 'CustomerRegistered', data: { ...registered().data, registeredBy: 'customer' } }]);
  });

  it('a partner user acts only for its own partner: its tenant selects the acting partner', () => {
    // The acting partner is the actor's own tenant; a partner actor whose partner is unknown is 404.
    spec
      .given([])
      .when((s) => decideRegisterCustomer(register(partnerUser(ids.reseller)), s, inputs({ actingPartner: noPartner })))
      .thenFails('partner-not-found', 'not-found');
  });

  it.each([
    ['a customer actor of another tenant', customerAdmin(ids.otherCustomer)],
    ['the program', programActor],
    ['an auditor', auditorActor],
  ])('%s may not register a customer (403)', (_label, actor) => {
    spec
      .given([])
      .when((s) => decideRegisterCustomer(register(actor), s, inputs()))
      .thenFails('forbidden', 'forbidden');
  });

  it("a customer user without global-admin may not register its tenant (403)", () => {
    spec
      .given([])
      .when((s) => decideRegisterCustomer(register(customerUser()), s, inputs()))
      .thenFails('forbidden', 'forbidden');
  });

  it('a partner user without a seller role may not register (403)', () => {
    spec
      .given([])
      .when((s) => decideRegisterCustomer(register(partnerUser(ids.reseller, users.helpdesk)), s, inputs()))
      .thenFails('forbidden', 'forbidden');
  });

  it('a partner that is not approved may not register (partner-not-approved)', () => {
    spec
      .given([])
      .when((s) =>
        decideRegisterCustomer(register(), s, inputs({ actingPartner: partnerState(ids.reseller, 'indirect-reseller', { status: 'pending' }) })),
      )
      .thenFails('partner-not-approved', 'conflict');
  });

  it('refuses a second registration (already-registered)', () => {
    spec
      .given([registered()])
      .when((s) => decideRegisterCustomer(register(), s, inputs()))
      .thenFails('already-registered', 'conflict');
  });

  it("refuses an enrolled partner's CSP tenant (csp-partner-cannot-resell-to-csp-partner)", () => {
    spec
      .given([])
      .when((s) => decideRegisterCustomer(register(partnerUser(ids.reseller), ids.direct), s, inputs({ tenantIsCspPartner: true })))
      .thenFails('csp-partner-cannot-resell-to-csp-partner', 'conflict');
  });

  it('already-registered comes before the CSP-tenant rule (table order)', () => {
    spec
      .given([registered()])
      .when((s) => decideRegisterCustomer(register(), s, inputs({ tenantIsCspPartner: true })))
      .thenFails('already-registered');
  });

  it('the actor check comes before every rule', () => {
    spec
      .given([registered()])
      .when((s) => decideRegisterCustomer(register(programActor), s, inputs({ tenantIsCspPartner: true })))
      .thenFails('forbidden');
  });
});
