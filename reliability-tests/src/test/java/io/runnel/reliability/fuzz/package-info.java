/**
 * Coverage-guided fuzzing (Jazzer) of the request decoders and of the RecordBatch validator and reader, with the
 * committed seed corpora under {@code src/test/resources/io/runnel/reliability/fuzz}. Invariant of every probe:
 * untrusted bytes either decode or raise the documented exception, decoded messages re-encode stably, and no
 * buffer's reference count changes.
 */
package io.runnel.reliability.fuzz;
