import { CliError } from '../cli-context';
import { openStore } from './store-spec';

describe('openStore', () => {
  it('refuses an EventStoreDB connection string the client cannot parse with a CliError', async () => {
    const opening = openStore({ kind: 'esdb', connectionString: 'esdb://127.0.0.1:notaport' });
    await expect(opening).rejects.toBeInstanceOf(CliError);
    await expect(opening).rejects.toThrow(/^Invalid EventStoreDB connection string: .*expected port number/);
  });
});
