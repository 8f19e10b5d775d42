package dev.neo4jbackup.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.offsite.OffsiteCopies;
import dev.neo4jbackup.offsite.RemoteBackup;

/**
 * The off-site destinations over HTTP, as the CLI has them: their state ({@code GET /api/offsite}), a
 * destination's listing ({@code GET /api/offsite/<name>/backups[?all=true]}) and a verified fetch into the
 * storage folder ({@code POST /api/offsite/<name>/backups/<id>/fetch}, operator only).
 */
@RestController
@RequestMapping("/api/offsite")
class OffsiteApi {

    private final OffsiteCopies offsite;

    OffsiteApi(OffsiteCopies offsite) {
        this.offsite = offsite;
    }

    @GetMapping
    Map<String, Object> status() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("destinations", offsite.summary());
        body.put("queue", offsite.pending());
        return body;
    }

    @GetMapping("/{name}/backups")
    List<Map<String, Object>> list(@PathVariable String name, @RequestParam(defaultValue = "false") boolean all) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RemoteBackup backup : offsite.list(name, all)) {
            rows.add(backup.row());
        }
        return rows;
    }

    @PostMapping("/{name}/backups/{id}/fetch")
    Manifest fetch(@PathVariable String name, @PathVariable BackupId id,
            @RequestParam(defaultValue = "false") boolean trustUnsigned) {
        return offsite.fetch(name, id, line -> { }, TrustOverride.of(trustUnsigned));
    }
}
