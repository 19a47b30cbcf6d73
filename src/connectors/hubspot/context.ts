/**
 * Per-connector-instance state shared by the object handlers: the HTTP wrapper and lookups fetched once per
 * instance (pipelines, custom property names, whether the portal has leads). Nothing here is module-level.
 */
import type { HubSpotHttp } from './client';
import type { StageIndex } from './mappers/pipeline';
import type { ObjectsApi } from './objects';

export interface HubSpotContext {
  http: HubSpotHttp;
  objects: ObjectsApi;
  /** Stage roles of every deal pipeline, read once per connector instance. */
  stageIndex(signal?: AbortSignal): Promise<StageIndex>;
  /** The account's custom property names of a type, read once per type. */
  customProperties(type: string, signal?: AbortSignal): Promise<string[]>;
  /** Whether the portal has the leads object (Sales Hub Pro / Enterprise only). */
  hasLeads(signal?: AbortSignal): Promise<boolean>;
  /** Lead properties holding the qualified stage's entered date. */
  leadQualifiedProperties(signal?: AbortSignal): Promise<string[]>;
}

/** Memoises an async lookup; a failure is not cached, so the next caller tries again. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

/** `once` per key. */
export function oncePerKey<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, () => Promise<T>>();
  return (key) => {
    let get = cache.get(key);
    if (get === undefined) {
      get = once(() => load(key));
      cache.set(key, get);
    }
    return get();
  };
}
