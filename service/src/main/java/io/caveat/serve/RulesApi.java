package io.caveat.serve;

import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleFile;
import io.caveat.engine.RuleLoadException;
import io.caveat.model.RuleInfo;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Handlers of /rules and /readyz: the knowledge base's metadata, validation of a submitted file, reload. */
final class RulesApi {
    /** Compiling is costly: at most this many validations at once, the others wait or are told to retry. */
    static final int CONCURRENT_VALIDATIONS = 2;
    private final RulesHolder rules;
    private final Semaphore validations = new Semaphore(CONCURRENT_VALIDATIONS);

    RulesApi(RulesHolder rules) {
        this.rules = rules;
    }

    void list(Context ctx) {
        KnowledgeBase kb = rules.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("knowledgeBase", kb == null ? null : kb.info());
        body.put("rules", kb == null ? List.of() : kb.rules());
        body.put("lastReload", rules.lastReload());
        ServiceApp.json(ctx, body);
    }

    void one(Context ctx) {
        KnowledgeBase kb = rules.current();
        RuleInfo rule = kb == null ? null : kb.rule(ctx.pathParam("id"));
        if (rule == null) {
            throw new NotFound("no rule " + ctx.pathParam("id"));
        }
        ServiceApp.json(ctx, Map.of("knowledgeBase", kb.info(), "rule", rule));
    }

    /**
     * Compiles the submitted file on its own and checks its metadata; never fires it. The file name (query
     * parameter name, default submitted.drl) says whether it is DRL or a decision table (.drl.csv).
     */
    void validate(Context ctx) {
        String name = ctx.queryParam("name") == null ? "submitted.drl" : ctx.queryParam("name");
        if (!RuleFile.isRuleFile(name) || name.endsWith(".xls") || name.endsWith(".xlsx")) {
            throw new BadRequest("name must end with .drl or .drl.csv", "name");
        }
        byte[] text = ctx.bodyAsBytes();
        if (!acquire()) {
            ctx.header("Retry-After", "1");
            ServiceApp.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, ApiError.of("busy validating other rules; retry"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            KnowledgeBase kb = RuleCompiler.compile(List.of(new RuleFile(name, text)));
            body.put("valid", true);
            body.put("rules", kb.rules());
            body.put("diagnostics", List.of());
        } catch (RuleLoadException e) {
            body.put("valid", false);
            body.put("diagnostics", e.diagnostics());
        } finally {
            validations.release();
        }
        ServiceApp.json(ctx, body);
    }

    private boolean acquire() {
        try {
            return validations.tryAcquire(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void reload(Context ctx) {
        RulesHolder.ReloadStatus status = rules.reload();
        ctx.status(status.ok() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT);
        ServiceApp.json(ctx, status);
    }

    /** Ready once a knowledge base compiled; says so with the last reload's errors otherwise. */
    void ready(Context ctx) {
        KnowledgeBase kb = rules.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", kb != null);
        body.put("knowledgeBase", kb == null ? null : kb.version());
        body.put("lastReload", rules.lastReload());
        ctx.status(kb == null ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
        ServiceApp.json(ctx, body);
    }
}
