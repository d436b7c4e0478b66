// Types for @moments/sdk. The global `Moments` of dist/moments.min.js has the same `init`.

export type AttributeValue = string | number | boolean | null | Array<string | number | boolean>;
export type Attributes = Record<string, AttributeValue | undefined>;

/** The body of GET /api/v1/sdk/config. */
export interface SdkConfig {
  version?: string;
  moments?: Array<{ key: string; stage?: string }>;
  experiments: Array<{
    key: string;
    moment: string;
    salt: string;
    status: "draft" | "running" | "paused" | "stopped";
    trafficPercent?: number;
    ranges?: Array<[number, number]>;
    /** A landing_page variant's own page, for redirect() (split-URL tests). */
    variants: Array<{ key: string; weight: number; kind?: "landing_page" | "ad" | "generic"; url?: string; payload?: unknown }>;
    targeting?: unknown;
    rollout?: string | null;
    /** Keeps a unit's first variant across weight, variant and traffic changes (true for bandits). */
    sticky?: boolean;
    /** Informational: the SDK does not read it (a bandit's weights are its variants' weights). */
    allocation?: { type: "fixed" | "bandit"; [more: string]: unknown };
  }>;
  /** Units in a holdout get no assignment in its moments (null or absent: every moment). */
  holdouts?: Array<{ key: string; percent: number; moments?: string[] | null }>;
}

/** Per-call context; in a browser both default to the client's visitor id and attributes. */
export interface Context {
  /** The unit (visitor, account...) to assign; required on a server. */
  unitId?: string;
  /** Merged over options.attributes for this call. */
  attributes?: Attributes;
}

/** What assign() returns. Never null: a unit in no experiment gets the moment's defaults. */
export interface Assignment<P = any> {
  moment: string;
  /** The experiment that decided, or null when the unit is in none. */
  experiment: string | null;
  /** The variant key, or null when the unit is in no experiment. */
  variant: string | null;
  /** The variant's payload; else options.defaults[moment]; else {}. */
  payload: P;
  /** Chosen by a `force` attribute or the force URL parameter (a QA preview: left out of the statistics). */
  forced: boolean;
  /** Chosen by a stopped experiment's rollout (no exposure is logged; not an experiment). */
  rollout: boolean;
  /** Chosen by an ad click: the `ad` attribute or the moments_ad URL parameter (counted, exposure source "ad"). */
  ad: boolean;
  /** True when a running experiment decided (by hash, force or ad) and its exposure is logged; false for a rollout. */
  inExperiment: boolean;
}

export interface Options {
  /** Base URL of the Moments server, e.g. "https://ab.example.com". */
  host?: string;
  /** A public `client` (or `server`) SDK key. */
  clientKey?: string;
  /** The inlined body of GET /api/v1/sdk/config: assign() is then synchronous from the start. */
  config?: SdkConfig;
  /** The unit id to use instead of the visitor cookie (e.g. a logged-in account id). */
  unitId?: string;
  /** Attributes for targeting and events (device, channel, country, intent, returning...). */
  attributes?: Attributes;
  /** Payload per moment key for units in no experiment. */
  defaults?: Record<string, unknown>;
  /** Store no id and send no event until consent(true). Default false. */
  requireConsent?: boolean;
  /** URL parameter that forces variants ("exp:variant[,exp2:v2]"). Default "moments_force". */
  forceParam?: string;
  /** Domain attribute of the moments_id cookie (e.g. ".example.com"). Default: the page's host. */
  cookieDomain?: string;
  /** ms ready() waits for the config before going on without it. Default 1500. */
  timeout?: number;
  /** ms between event batches. Default 1000. */
  flushInterval?: number;
  /** Events per batch; a full batch is sent at once. Default 20 (also for anything not a number >= 1). */
  batchSize?: number;
  /** Retries of a batch after a network error, 408, 429 or 5xx. Default 5. */
  maxRetries?: number;
  /** Events kept in memory at most (oldest dropped). Default 1000. */
  maxQueue?: number;
  /** Receives errors, each kind (the message up to a digit or quote) at most once a second. Default: console.warn. */
  onError?: (error: Error) => void;
  // Injection points, for tests and unusual hosts (null turns off window, document, navigator or storage).
  fetch?: (url: string, init: any) => Promise<any>;
  window?: any;
  document?: any;
  navigator?: any;
  storage?: any;
  now?: () => number;
  setTimeout?: (f: () => void, ms: number) => any;
  clearTimeout?: (t: any) => void;
}

export interface Client {
  /** The visitor id in use (null on a server without options.unitId). */
  readonly unitId: string | null;
  /** Decides a moment locally and synchronously; logs an exposure once per experiment and unit. */
  assign<P = any>(moment: string, ctx?: Context): Assignment<P>;
  /** A conversion: `metric` happened (value for mean metrics, e.g. revenue). */
  track(metric: string, value?: number, ctx?: Context): void;
  /** Grants (stores the id, sends queued events) or withdraws (drops them, deletes the id) consent. */
  consent(granted: boolean): Promise<unknown> | void;
  /** Sends queued events now; resolves after the first attempt of each batch. */
  flush(): Promise<unknown>;
  /** Resolves (never rejects) once the config is there, fetched, failed, or timed out. */
  ready(): Promise<Client>;
  /** Hides `selector` until ready() resolves or `ms` (default 1000) pass; returns a reveal function. */
  antiFlicker(selector: string, ms?: number): () => void;
  /** Assigns `moment` and records engaged, bounce and time_on_page for this page view. */
  trackEngagement(moment: string, ctx?: Context): void;
  /**
   * For a split-URL test, in <head>: assigns `moment` like assign(); when the visitor's variant has a
   * `url` that is not this page, sends the exposure by beacon and replaces the location with it
   * (query and hash kept) before the first paint. On a variant's own page it never redirects.
   */
  redirect<P = any>(moment: string, ctx?: Context): Assignment<P>;
}

export function init(options?: Options): Client;
/** MurmurHash3 x86 32-bit, seed 0, of the UTF-8 bytes of s (unsigned). */
export function hash(s: string): number;
/** floor(hash(s) * 10000 / 2^32). */
export function bucket(s: string): number;
/** 1..256 code points, no unpaired surrogate. */
export function validUnitId(id: unknown): boolean;
