// One jing JVM for many validations against one RELAX NG schema. A `jing` process spends most of its
// time starting the JVM and compiling the schema (tei_all: 1.1-1.9 s a run on a slow machine, for
// tens of milliseconds of checking), and a build validates each document in a task of its own; so
// pipeline/validate/schemas.py compiles this helper once (into a user cache folder, against Debian's
// jing jar), starts it once per process and schema, and feeds it documents on stdin.
//
// It validates as jing's own command line does (ID/IDREF checks on, the schema's syntax detected,
// jing's error handler writing "file:line:column: error: message" lines), so the findings are
// parsed alike.
//
// Protocol (UTF-8): the schema file is the one argument. Once the schema is compiled the helper
// writes "READY"; a schema that does not compile gets its errors written and no READY, and the
// helper exits (the caller then runs jing's command, which reports them). Then, for each batch: one
// file name per line, an empty line ending the batch; the helper validates each file, writes its
// findings, then "JINGBATCH-END 0" (every file valid) or "JINGBATCH-END 1". End of input ends it.
//
// The files are the caller's own safe copies (no DOCTYPE, nothing to fetch); the schema was checked
// for DTDs and non-local references before it came here (schemas.refuse_unsafe_rng).

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.SchemaReader;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;
import com.thaiopensource.validate.prop.rng.RngProperty;
import com.thaiopensource.xml.sax.ErrorHandlerImpl;
import org.xml.sax.SAXException;

public final class JingBatch {

    static final String END = "JINGBATCH-END";

    private JingBatch() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: JingBatch <schema>");
            System.exit(2);
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        ErrorHandlerImpl errors = new ErrorHandlerImpl(out);
        PropertyMapBuilder properties = new PropertyMapBuilder();
        properties.put(ValidateProperty.ERROR_HANDLER, errors);
        RngProperty.CHECK_ID_IDREF.add(properties);
        ValidationDriver driver = new ValidationDriver(properties.toPropertyMap(), (SchemaReader) null);
        boolean loaded;
        try {
            loaded = driver.loadSchema(ValidationDriver.uriOrFileInputSource(args[0]));
        } catch (SAXException | IOException e) {
            errors.printException(e);
            loaded = false;
        }
        if (!loaded) {
            out.flush();
            System.exit(1);
        }
        out.println("READY");
        out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean valid = true;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                out.println(END + (valid ? " 0" : " 1"));
                out.flush();
                valid = true;
                continue;
            }
            try {
                valid &= driver.validate(ValidationDriver.uriOrFileInputSource(line));
            } catch (SAXException | IOException e) {
                errors.printException(e);
                valid = false;
            }
        }
    }
}
