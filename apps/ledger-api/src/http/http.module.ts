import { Global, Module } from '@nestjs/common';
import { ConnectionDrainer } from './connection-drainer';

/** HTTP-level services any module may need (the shutdown drainer for long-lived responses). */
@Global()
@Module({ providers: [ConnectionDrainer], exports: [ConnectionDrainer] })
export class HttpModule {}
