// Which way is better for a measure: what SPC signals and quartile bands are judged against.

/** `up`: higher is better; `down`: lower is better; `neutral`: context, no better direction. */
export type Polarity = 'up' | 'down' | 'neutral';
