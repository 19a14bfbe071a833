export { STREAM_FIELD, appendToStream, publishCommitted, type OutboxEvent } from './produce.js';
export { relayOnce, startRelay, type RelayOptions } from './relay.js';
export { createPublishedMarks, type PublishedMarks } from './publishedMarks.js';
