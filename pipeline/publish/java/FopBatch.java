// One Apache FOP JVM for many jobs: starting a `fop` process costs 0.6-2 s of JVM start-up and font
// loading per document, so pipeline/publish/fop.py compiles this helper once (into a user cache folder, against
// Debian's FOP jars) and feeds it jobs on stdin.
//
// Protocol (UTF-8, one line per job, fields separated by TAB):
//   PDF <fo-file> <out-file> <pdfa: 0|1>     render a PDF (PDF/A-1b when the flag is 1)
//   IF  <fo-file> <out-file>                 render FOP's intermediate format (page of every id)
// Answers, on stdout, for every job: zero or more "WARN <message>" lines, then "OK <pages>" or
// "ERR <message>". Messages are single lines. FOP's own logging stays on stderr.
//
// The FO file is parsed with DOCTYPE declarations refused, so FO built from untrusted TEI can never
// make FOP read local files through external entities.

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.apache.fop.apps.FOUserAgent;
import org.apache.fop.apps.Fop;
import org.apache.fop.apps.FopFactory;
import org.apache.fop.apps.FormattingResults;
import org.apache.fop.apps.MimeConstants;
import org.apache.fop.events.Event;
import org.apache.fop.events.EventFormatter;
import org.apache.fop.events.model.EventSeverity;
import org.apache.fop.render.intermediate.IFContext;
import org.apache.fop.render.intermediate.IFDocumentHandler;
import org.apache.fop.render.intermediate.IFSerializer;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

@SuppressWarnings("unchecked")
public final class FopBatch {

    private FopBatch() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: FopBatch <fop.xconf>");
            System.exit(2);
        }
        FopFactory factory = FopFactory.newInstance(new File(args[0]));
        SAXParserFactory parsers = SAXParserFactory.newInstance();
        parsers.setNamespaceAware(true);
        parsers.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);

        PrintStream out = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("READY");
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            String[] job = line.split("\t", -1);
            List<String> warnings = new ArrayList<>();
            try {
                int pages = run(factory, parsers, job, warnings);
                for (String warning : warnings) {
                    out.println("WARN " + oneLine(warning));
                }
                out.println("OK " + pages);
            } catch (Throwable failure) {
                String message = oneLine(describe(failure));
                for (String warning : warnings) {
                    // FOP broadcasts the fatal problem as an event too: report it once, as the error.
                    if (!message.contains(oneLine(warning))) {
                        out.println("WARN " + oneLine(warning));
                    }
                }
                out.println("ERR " + message);
            }
        }
    }

    private static int run(FopFactory factory, SAXParserFactory parsers, String[] job, List<String> warnings)
            throws Exception {
        String kind = job[0];
        if (!(kind.equals("PDF") && job.length == 4) && !(kind.equals("IF") && job.length == 3)) {
            throw new IllegalArgumentException("bad job line: " + String.join(" ", job));
        }
        FOUserAgent agent = factory.newFOUserAgent();
        agent.getEventBroadcaster().addEventListener((Event event) -> {
            EventSeverity severity = event.getSeverity();
            if (severity == EventSeverity.WARN || severity == EventSeverity.ERROR
                    || severity == EventSeverity.FATAL) {
                warnings.add(EventFormatter.format(event, Locale.ENGLISH));
            }
        });
        String mime = MimeConstants.MIME_PDF;
        if (kind.equals("IF")) {
            // The intermediate format must lay pages out with the PDF renderer's fonts (those of
            // fop.xconf), so that its page numbers are the ones the PDF will have.
            IFSerializer serializer = new IFSerializer(new IFContext(agent));
            IFDocumentHandler pdf = agent.getRendererFactory().createDocumentHandler(agent, MimeConstants.MIME_PDF);
            serializer.mimicDocumentHandler(pdf);
            agent.setDocumentHandlerOverride(serializer);
            mime = MimeConstants.MIME_FOP_IF;
        } else if (job[3].equals("1")) {
            agent.getRendererOptions().put("pdf-a-mode", "PDF/A-1b");
        }
        File output = new File(job[2]);
        try (InputStream source = new FileInputStream(job[1]);
             OutputStream sink = new BufferedOutputStream(new FileOutputStream(output))) {
            Fop fop = factory.newFop(mime, agent, sink);
            SAXParser parser = parsers.newSAXParser();
            XMLReader reader = parser.getXMLReader();
            reader.setContentHandler(fop.getDefaultHandler());
            InputSource input = new InputSource(source);
            input.setSystemId(new File(job[1]).toURI().toString());
            reader.parse(input);
            FormattingResults results = fop.getResults();
            return results == null ? 0 : results.getPageCount();
        } catch (Throwable failure) {
            output.delete();
            throw failure;
        }
    }

    // FOP wraps the real cause (a validation error with its line and column) in several layers.
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
    }
}
