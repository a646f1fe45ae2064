import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import type { HttpResponseInfo, Transport, TransportOptions } from '../src/index.ts';

const FindSchema = v.object({ data: v.array(v.object({ record_key: v.string() })) });
declare const transport: Transport;

describe('Transport types', () => {
  it('infers the data of request() from the schema', () => {
    type Result = Awaited<ReturnType<typeof transport.request<typeof FindSchema>>>;
    expectTypeOf<Result['data']>().toEqualTypeOf<{ data: { record_key: string }[] }>();
    expectTypeOf<Result['info']>().toEqualTypeOf<HttpResponseInfo>();
  });

  it('accepts options read from the environment (possibly undefined)', () => {
    const clientId: string | undefined = undefined;
    expectTypeOf({ environmentId: 'env', clientId }).toExtend<TransportOptions>();
  });
});
