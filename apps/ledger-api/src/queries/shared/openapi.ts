/** The 503 of every read served from a read model. */
export const READ_MODEL_BEHIND = {
  503:
    '`read-model-behind`: the read models did not include `minPosition` within the wait (5 s). ' +
    '`unavailable` (with Retry-After): after an upgrade that changed this read model, until its rebuild swaps in.',
} as const;
