export type { GroupCommitOptions, GroupCommitStats } from './pipeline/group-commit.js';
export { GroupCommit, DEFAULT_GROUP_COMMIT_OPTIONS } from './pipeline/group-commit.js';
export type { IngestResult, MetricsTranslation, MetricsTranslator } from './pipeline/ingest.js';
export { Ingest } from './pipeline/ingest.js';
