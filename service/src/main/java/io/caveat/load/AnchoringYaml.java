package io.caveat.load;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * Jackson's YAML parser reports the anchor of a mapping or a sequence but not of a scalar ({@code port: &p 53});
 * this one reports every node's anchor, so that {@link LeanTree} can resolve aliases to scalars too.
 */
final class AnchoringYaml extends YAMLFactory {
    AnchoringYaml(YAMLFactoryBuilder builder) {
        super(builder);
    }

    /** A parser that tells the anchor of the node it is on. */
    static final class Parser extends YAMLParser {
        Parser(IOContext context, AnchoringYaml factory, Reader reader) {
            super(context, factory.getParserFeatures(), factory.getFormatParserFeatures(), factory._loaderOptions,
                    factory.getCodec(), reader);
        }

        /** The anchor of the current node (not an alias's name); null when it has none. */
        String anchor() {
            return !isCurrentAlias() && _lastEvent instanceof NodeEvent node ? node.getAnchor() : null;
        }
    }

    @Override
    protected YAMLParser _createParser(InputStream in, IOContext context) throws IOException {
        return new Parser(context, this, _createReader(in, null, context));
    }

    @Override
    protected YAMLParser _createParser(Reader reader, IOContext context) {
        return new Parser(context, this, reader);
    }
}
