package io.caveat.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Turns an offline snapshot directory into the body of POST /evaluations: {"documents": [...]}. */
final class Documents {
    private Documents() {
    }

    static String of(Path directory) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode();
        ArrayNode documents = body.putArray("documents");
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                ObjectMapper reader = file.toString().endsWith(".json") ? json : new YAMLMapper();
                try (MappingIterator<JsonNode> docs = reader.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (doc != null && doc.isContainerNode()) {
                            documents.add(doc);
                        }
                    }
                }
            }
        }
        return json.writeValueAsString(body);
    }
}
