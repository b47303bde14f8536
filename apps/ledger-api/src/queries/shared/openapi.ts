/** The 503 of every read served from a read model. */
export const READ_MODEL_BEHIND = { 503: '`read-model-behind`: the read models did not include `minPosition` within the wait (5 s).' } as const;
