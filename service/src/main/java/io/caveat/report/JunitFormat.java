package io.caveat.report;

import io.caveat.model.Finding;
import io.caveat.model.RuleStatus;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI: a test suite per rule, a failing test case per finding (rule x subject), a skipped one per
 * waived finding or rule that could not be evaluated, a passing one for a rule evaluated without findings.
 */
final class JunitFormat {
    private JunitFormat() {
    }

    /** XML 1.0 allows no control characters but tab, line feed and carriage return. */
    static String xml(String text) {
        return text == null ? "" : text.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]", "\uFFFD");
    }

    static byte[] render(ReportRun run) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "caveat " + run.id());
            for (RuleStatus rule : run.evaluation().rules()) {
                List<Finding> findings = run.evaluation().findings().stream()
                        .filter(f -> f.ruleId().equals(rule.id())).toList();
                long failures = findings.stream().filter(f -> f.waiver() == null).count();
                boolean evaluated = RuleStatus.EVALUATED.equals(rule.status());
                xml.writeStartElement("testsuite");
                xml.writeAttribute("name", xml(rule.id() + " " + rule.title()));
                xml.writeAttribute("tests", String.valueOf(Math.max(1, findings.size())));
                xml.writeAttribute("failures", String.valueOf(failures));
                xml.writeAttribute("errors", RuleStatus.ERROR.equals(rule.status()) ? "1" : "0");
                xml.writeAttribute("skipped", String.valueOf(evaluated ? findings.size() - failures
                        : Math.max(1, findings.size())));
                xml.writeAttribute("timestamp", run.runAt());
                if (findings.isEmpty()) {
                    xml.writeStartElement("testcase");
                    xml.writeAttribute("classname", rule.id());
                    xml.writeAttribute("name", evaluated ? "no finding" : "not evaluated");
                    if (!evaluated) {
                        xml.writeStartElement(RuleStatus.ERROR.equals(rule.status()) ? "error" : "skipped");
                        xml.writeAttribute("message", xml(String.valueOf(rule.reason())));
                        xml.writeEndElement();
                    }
                    xml.writeEndElement();
                }
                for (Finding f : findings) {
                    xml.writeStartElement("testcase");
                    xml.writeAttribute("classname", rule.id());
                    xml.writeAttribute("name", xml(f.subject().toString()));
                    if (f.waiver() != null) {
                        xml.writeStartElement("skipped");
                        xml.writeAttribute("message", xml("waived: " + f.waiver().reason()));
                    } else {
                        xml.writeStartElement("failure");
                        xml.writeAttribute("type", f.severity().label());
                        xml.writeAttribute("message", xml(f.message()));
                        xml.writeCharacters(xml(f.message() + "\n\nRemediation: " + f.remediation() + "\nDocs: "
                                + f.docs() + "\nFingerprint: " + f.fingerprint()));
                    }
                    xml.writeEndElement();
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
