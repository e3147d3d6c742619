package kata.shared;

import java.util.List;
import java.util.Map;

/**
 * What a batch of writes came to, key by key: every key of the batch is in exactly one of the two.
 *
 * @param stored the keys memcached confirmed, in the batch's order
 * @param failed the keys that were not stored, each with why (refused before sending, refused by memcached, or no
 *               answer in time), in the batch's order
 */
public record BulkWrite(List<String> stored, Map<String, String> failed) {
}
