package chorus.persistence.jobs;

import chorus.protocol.api.Job;

/** A job as a worker claimed it, with the fencing number every later write of that worker must show. */
public record ClaimedJob(Job job, long fence) {}
