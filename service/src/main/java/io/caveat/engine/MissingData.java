package io.caveat.engine;

import io.caveat.model.SnapshotSummary;
import java.util.List;

/** Words for "this rule was not evaluated": which data is missing and where to get it. */
final class MissingData {
    private MissingData() {
    }

    static String reason(List<String> missing, SnapshotSummary summary) {
        StringBuilder reason = new StringBuilder("needs ");
        for (int i = 0; i < missing.size(); i++) {
            String kind = missing.get(i);
            String why = summary.unreadable().get(kind);
            reason.append(i == 0 ? "" : i == missing.size() - 1 ? " and " : ", ").append(kind).append(" data (")
                    .append(why != null ? why : io.caveat.load.SourceHints.of(kind)).append(")");
        }
        reason.append(summary.problems().isEmpty() ? "; the snapshot has none"
                : "; the snapshot has none that could be read completely (see its problems)");
        return reason.toString();
    }
}
