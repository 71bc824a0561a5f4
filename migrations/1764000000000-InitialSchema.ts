import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole first data model, one domain after another (see docs/data-model.md).
 * Rules the API promises are enforced here too: unique pairs, check constraints, foreign keys.
 * Searchable names carry a lower-cased `search_text` generated column with a trigram index,
 * so `?q=` matches Latin, Chinese and Urdu alike.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // The generated search columns need an IMMUTABLE function; jsonb ->> is immutable.
    await q.query(`
      CREATE FUNCTION i18n_search_text(names jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(concat_ws(' ', names->>'en', names->>'zh', names->>'ur'))
      $$`);

    // ---------- organisations and users ----------
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name jsonb NOT NULL CHECK (name ? 'en'),
        type text NOT NULL CHECK (type IN ('ngo','enterprise','local_government','university','think_tank','overseas_association','media')),
        country char(2) NOT NULL,
        contact_email text NOT NULL,
        website text,
        description text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected','suspended')),
        status_reason text,
        approved_at timestamptz,
        approved_by uuid,
        registration_expires_on date,
        search_text text GENERATED ALWAYS AS (i18n_search_text(name)) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX organizations_created_idx ON organizations (created_at, id)`);
    await q.query(`CREATE INDEX organizations_status_idx ON organizations (status, created_at)`);
    await q.query(
      `CREATE INDEX organizations_expiry_idx ON organizations (registration_expires_on) WHERE registration_expires_on IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX organizations_search_idx ON organizations USING gin (search_text gin_trgm_ops)`,
    );

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin','coordinator','ngo_member')),
        display_name text NOT NULL,
        organization_id uuid REFERENCES organizations(id),
        time_zone text,
        is_active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_member_has_org CHECK ((role = 'ngo_member') = (organization_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_uq ON users (lower(email))`);
    await q.query(
      `CREATE INDEX users_org_idx ON users (organization_id) WHERE organization_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX users_role_idx ON users (role)`);
    await q.query(
      `ALTER TABLE organizations ADD CONSTRAINT organizations_approved_by_fk FOREIGN KEY (approved_by) REFERENCES users(id)`,
    );

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);

    // ---------- participants (people) ----------
    await q.query(`
      CREATE TABLE participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid REFERENCES organizations(id),
        full_name text NOT NULL,
        native_name text,
        name_key text NOT NULL,
        email text,
        phone text,
        nationality char(2) NOT NULL,
        gender text CHECK (gender IN ('female','male','other','undisclosed')),
        date_of_birth date,
        erased_at timestamptz,
        search_text text GENERATED ALWAYS AS (lower(full_name || ' ' || coalesce(native_name, ''))) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // De-duplication is per organisation (a person known to another NGO must not be revealed).
    await q.query(
      `CREATE UNIQUE INDEX participants_email_uq ON participants (coalesce(organization_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(email)) WHERE email IS NOT NULL AND erased_at IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX participants_name_dob_uq ON participants (coalesce(organization_id, '00000000-0000-0000-0000-000000000000'::uuid), name_key, date_of_birth) WHERE date_of_birth IS NOT NULL AND erased_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX participants_org_created_idx ON participants (organization_id, created_at, id)`,
    );
    await q.query(`CREATE INDEX participants_created_idx ON participants (created_at, id)`);
    await q.query(
      `CREATE INDEX participants_search_idx ON participants USING gin (search_text gin_trgm_ops)`,
    );

    // ---------- cities and partnerships ----------
    await q.query(`
      CREATE TABLE cities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        names jsonb NOT NULL CHECK (names ? 'en'),
        country char(2) NOT NULL,
        region text,
        kind text NOT NULL CHECK (kind IN ('city','county','prefecture','province')),
        search_text text GENERATED ALWAYS AS (i18n_search_text(names)) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX cities_name_uq ON cities (country, lower(names->>'en'))`);
    await q.query(`CREATE INDEX cities_search_idx ON cities USING gin (search_text gin_trgm_ops)`);
    await q.query(`CREATE INDEX cities_created_idx ON cities (created_at, id)`);

    await q.query(`
      CREATE TABLE partnerships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        city_a_id uuid NOT NULL REFERENCES cities(id),
        city_b_id uuid NOT NULL REFERENCES cities(id),
        kind text NOT NULL CHECK (kind IN ('sister_city','sister_county','friendship')),
        status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','active','suspended','ended')),
        established_on date,
        agreement_signed_on date,
        focus_areas text[] NOT NULL DEFAULT '{}',
        notes text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partnerships_two_cities CHECK (city_a_id <> city_b_id)
      )`);
    // The same pair in either order is one partnership.
    await q.query(
      `CREATE UNIQUE INDEX partnerships_pair_uq ON partnerships (LEAST(city_a_id, city_b_id), GREATEST(city_a_id, city_b_id))`,
    );
    await q.query(`CREATE INDEX partnerships_city_b_idx ON partnerships (city_b_id)`);
    await q.query(`CREATE INDEX partnerships_created_idx ON partnerships (created_at, id)`);

    // ---------- exchange programs ----------
    await q.query(`
      CREATE TABLE programs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title jsonb NOT NULL CHECK (title ? 'en'),
        type text NOT NULL CHECK (type IN ('delegation','culture','education','training','youth','media','think_tank','tourism','medical','relief')),
        description text,
        partnership_id uuid REFERENCES partnerships(id),
        city_id uuid REFERENCES cities(id),
        coordinator_id uuid NOT NULL REFERENCES users(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        time_zone text NOT NULL,
        registration_deadline timestamptz NOT NULL,
        capacity integer NOT NULL CHECK (capacity > 0),
        confirmed_count integer NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('planned','open','in_progress','completed','cancelled')),
        search_text text GENERATED ALWAYS AS (i18n_search_text(title)) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT programs_dates CHECK (ends_at >= starts_at),
        CONSTRAINT programs_seats CHECK (confirmed_count >= 0 AND confirmed_count <= capacity)
      )`);
    await q.query(`CREATE INDEX programs_starts_idx ON programs (starts_at, id)`);
    await q.query(`CREATE INDEX programs_created_idx ON programs (created_at, id)`);
    await q.query(`CREATE INDEX programs_partnership_idx ON programs (partnership_id, starts_at)`);
    await q.query(`CREATE INDEX programs_city_idx ON programs (city_id)`);
    await q.query(`CREATE INDEX programs_status_idx ON programs (status, starts_at)`);
    await q.query(
      `CREATE INDEX programs_search_idx ON programs USING gin (search_text gin_trgm_ops)`,
    );

    await q.query(`
      CREATE TABLE program_organizations (
        program_id uuid NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id),
        PRIMARY KEY (program_id, organization_id)
      )`);
    await q.query(
      `CREATE INDEX program_organizations_org_idx ON program_organizations (organization_id)`,
    );

    await q.query(`
      CREATE TABLE registrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        program_id uuid NOT NULL REFERENCES programs(id),
        participant_id uuid NOT NULL REFERENCES participants(id),
        organization_id uuid REFERENCES organizations(id),
        status text NOT NULL CHECK (status IN ('confirmed','waitlisted','cancelled')),
        attended boolean,
        registered_by uuid REFERENCES users(id),
        cancelled_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX registrations_active_uq ON registrations (program_id, participant_id) WHERE status <> 'cancelled'`,
    );
    await q.query(
      `CREATE INDEX registrations_queue_idx ON registrations (program_id, status, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX registrations_participant_idx ON registrations (participant_id, status)`,
    );
    await q.query(
      `CREATE INDEX registrations_org_idx ON registrations (organization_id, program_id)`,
    );

    // ---------- scholarships ----------
    await q.query(`
      CREATE TABLE scholarships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name jsonb NOT NULL CHECK (name ? 'en'),
        level text NOT NULL CHECK (level IN ('bachelor','master','phd','short_course','teacher_exchange')),
        description text,
        sponsor_organization_id uuid REFERENCES organizations(id),
        host_institution text,
        quota integer NOT NULL CHECK (quota >= 0),
        awarded_count integer NOT NULL DEFAULT 0,
        stipend_amount numeric(18,2) NOT NULL CHECK (stipend_amount >= 0),
        stipend_currency char(3) NOT NULL,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        eligibility jsonb NOT NULL DEFAULT '{}',
        coordinator_id uuid REFERENCES users(id),
        search_text text GENERATED ALWAYS AS (i18n_search_text(name)) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT scholarships_window CHECK (closes_at > opens_at),
        CONSTRAINT scholarships_quota CHECK (awarded_count >= 0 AND awarded_count <= quota)
      )`);
    await q.query(`CREATE INDEX scholarships_closes_idx ON scholarships (closes_at)`);
    await q.query(`CREATE INDEX scholarships_created_idx ON scholarships (created_at, id)`);
    await q.query(
      `CREATE INDEX scholarships_search_idx ON scholarships USING gin (search_text gin_trgm_ops)`,
    );

    await q.query(`
      CREATE TABLE scholarship_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scholarship_id uuid NOT NULL REFERENCES scholarships(id),
        participant_id uuid NOT NULL REFERENCES participants(id),
        organization_id uuid REFERENCES organizations(id),
        created_by uuid NOT NULL REFERENCES users(id),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','under_review','awarded','rejected','withdrawn','accepted','declined')),
        statement text NOT NULL,
        submitted_at timestamptz,
        decided_at timestamptz,
        decided_by uuid REFERENCES users(id),
        responded_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One active application per participant per scheme.
    await q.query(
      `CREATE UNIQUE INDEX applications_active_uq ON scholarship_applications (scholarship_id, participant_id) WHERE status NOT IN ('withdrawn','rejected','declined')`,
    );
    await q.query(
      `CREATE INDEX applications_scholarship_idx ON scholarship_applications (scholarship_id, status, submitted_at)`,
    );
    await q.query(
      `CREATE INDEX applications_org_idx ON scholarship_applications (organization_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX applications_created_idx ON scholarship_applications (created_at, id)`,
    );

    await q.query(`
      CREATE TABLE application_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES scholarship_applications(id),
        reviewer_id uuid NOT NULL REFERENCES users(id),
        score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
        comment text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (application_id, reviewer_id)
      )`);

    await q.query(`
      CREATE TABLE reviewer_conflicts (
        reviewer_id uuid NOT NULL REFERENCES users(id),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (reviewer_id, organization_id)
      )`);

    await q.query(`
      CREATE TABLE disbursements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES scholarship_applications(id),
        amount numeric(18,2) NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        paid_on date NOT NULL,
        reference text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX disbursements_application_idx ON disbursements (application_id)`);
    await q.query(`CREATE INDEX disbursements_paid_idx ON disbursements (paid_on)`);

    // ---------- livelihood aid projects ----------
    await q.query(`
      CREATE TABLE aid_projects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title jsonb NOT NULL CHECK (title ? 'en'),
        description text,
        category text NOT NULL CHECK (category IN ('school','e_education_center','clinic_vehicle','cataract_campaign','drinking_water','snow_removal','solar_lighting','training','relief_supplies','other')),
        city_id uuid REFERENCES cities(id),
        coordinator_id uuid REFERENCES users(id),
        status text NOT NULL DEFAULT 'pipeline' CHECK (status IN ('pipeline','implementation','completed','cancelled')),
        budget_amount numeric(18,2) NOT NULL CHECK (budget_amount >= 0),
        budget_currency char(3) NOT NULL,
        planned_start date,
        planned_end date,
        actual_start date,
        actual_end date,
        beneficiaries_target integer CHECK (beneficiaries_target >= 0),
        beneficiaries_actual integer CHECK (beneficiaries_actual >= 0),
        sector_code text,
        iati_identifier text UNIQUE,
        search_text text GENERATED ALWAYS AS (i18n_search_text(title)) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX aid_projects_created_idx ON aid_projects (created_at, id)`);
    await q.query(`CREATE INDEX aid_projects_category_idx ON aid_projects (category, status)`);
    await q.query(`CREATE INDEX aid_projects_city_idx ON aid_projects (city_id)`);
    await q.query(
      `CREATE INDEX aid_projects_search_idx ON aid_projects USING gin (search_text gin_trgm_ops)`,
    );

    await q.query(`
      CREATE TABLE aid_project_organizations (
        project_id uuid NOT NULL REFERENCES aid_projects(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id),
        role text NOT NULL CHECK (role IN ('funding','implementing','accountable','extending')),
        PRIMARY KEY (project_id, organization_id, role)
      )`);
    await q.query(
      `CREATE INDEX aid_project_organizations_org_idx ON aid_project_organizations (organization_id, role)`,
    );

    await q.query(`
      CREATE TABLE aid_transactions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES aid_projects(id),
        type text NOT NULL CHECK (type IN ('commitment','disbursement','expenditure')),
        amount numeric(18,2) NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        transaction_date date NOT NULL,
        description text,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX aid_transactions_project_idx ON aid_transactions (project_id, transaction_date)`,
    );
    await q.query(`CREATE INDEX aid_transactions_date_idx ON aid_transactions (transaction_date)`);

    await q.query(`
      CREATE TABLE milestones (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES aid_projects(id),
        title text NOT NULL,
        due_on date NOT NULL,
        completed_at timestamptz,
        completed_by uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX milestones_project_idx ON milestones (project_id, due_on)`);
    await q.query(
      `CREATE INDEX milestones_open_due_idx ON milestones (due_on) WHERE completed_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE result_indicators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES aid_projects(id),
        title text NOT NULL,
        unit text NOT NULL,
        measure text NOT NULL CHECK (measure IN ('cumulative','per_period')),
        baseline numeric(18,2) NOT NULL DEFAULT 0,
        target numeric(18,2) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX result_indicators_project_idx ON result_indicators (project_id)`);

    await q.query(`
      CREATE TABLE indicator_values (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        indicator_id uuid NOT NULL REFERENCES result_indicators(id),
        period_start date NOT NULL,
        period_end date NOT NULL,
        value numeric(18,2) NOT NULL,
        reported_by uuid NOT NULL REFERENCES users(id),
        reported_at timestamptz NOT NULL DEFAULT now(),
        approved_by uuid REFERENCES users(id),
        approved_at timestamptz,
        CONSTRAINT indicator_values_period CHECK (period_end >= period_start)
      )`);
    await q.query(
      `CREATE INDEX indicator_values_indicator_idx ON indicator_values (indicator_id, period_start)`,
    );

    await q.query(`
      CREATE TABLE deliverables (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES aid_projects(id),
        item text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit text NOT NULL,
        handed_over_on date,
        handed_over_to text,
        location text,
        custodian text,
        condition text NOT NULL DEFAULT 'in_service' CHECK (condition IN ('in_service','needs_repair','out_of_service')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX deliverables_project_idx ON deliverables (project_id)`);

    await q.query(`
      CREATE TABLE maintenance_logs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deliverable_id uuid NOT NULL REFERENCES deliverables(id),
        logged_on date NOT NULL,
        condition text NOT NULL CHECK (condition IN ('in_service','needs_repair','out_of_service')),
        note text,
        logged_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX maintenance_logs_deliverable_idx ON maintenance_logs (deliverable_id, logged_on)`,
    );

    // ---------- reminders and notifications ----------
    await q.query(`
      CREATE TABLE reminder_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        target text NOT NULL CHECK (target IN ('scholarship.closesAt','program.startsAt','program.registrationDeadline','milestone.dueOn','organization.registrationExpiresOn','partnership.anniversary')),
        "offset" text NOT NULL,
        offset_seconds integer NOT NULL CHECK (offset_seconds >= 0),
        channels text[] NOT NULL CHECK (channels <@ ARRAY['in_app','email']::text[] AND cardinality(channels) > 0),
        working_hours_start smallint CHECK (working_hours_start BETWEEN 0 AND 23),
        working_hours_end smallint CHECK (working_hours_end BETWEEN 0 AND 24),
        active boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // One row per (rule, record, due time): the schedule the queue mirrors. Rows are never
    // re-used when a date moves: the old row is cancelled and a new one scheduled.
    await q.query(`
      CREATE TABLE reminders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_id uuid NOT NULL REFERENCES reminder_rules(id),
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        target_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','delivered','cancelled')),
        enqueued_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (rule_id, entity_type, entity_id, due_at)
      )`);
    await q.query(
      `CREATE INDEX reminders_due_idx ON reminders (due_at) WHERE status = 'scheduled'`,
    );
    await q.query(
      `CREATE INDEX reminders_entity_idx ON reminders (entity_type, entity_id) WHERE status = 'scheduled'`,
    );

    // Outbox: dated records changed; written in the same transaction as the change so that a
    // Redis outage loses nothing. The worker's sweep drains it.
    await q.query(`
      CREATE TABLE reminder_outbox (
        id bigserial PRIMARY KEY,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX reminder_outbox_pending_idx ON reminder_outbox (id) WHERE processed_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        entity_type text,
        entity_id uuid,
        title text NOT NULL,
        body text NOT NULL,
        delivery_key text NOT NULL UNIQUE,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id)`,
    );
    await q.query(
      `CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`,
    );

    // Exactly-once email: the key is claimed before sending; sent_at marks success.
    await q.query(`
      CREATE TABLE email_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_key text NOT NULL UNIQUE,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        to_address text NOT NULL,
        subject text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending','sent','failed')),
        claimed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // ---------- reports ----------
    await q.query(`
      CREATE TABLE report_schedules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('summary','partnerships','programs','scholarships','aid_projects')),
        frequency text NOT NULL CHECK (frequency IN ('monthly','quarterly','yearly')),
        format text NOT NULL CHECK (format IN ('csv','xlsx','pdf','json')),
        time_zone text NOT NULL,
        skip_empty boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('summary','partnerships','programs','scholarships','aid_projects')),
        format text NOT NULL CHECK (format IN ('csv','xlsx','pdf','json')),
        period_start date NOT NULL,
        period_end date NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','ready','failed','skipped')),
        schedule_id uuid REFERENCES report_schedules(id),
        requested_by uuid REFERENCES users(id),
        file_name text,
        content_type text,
        content bytea,
        byte_size integer,
        checksum_sha256 text,
        failure_reason text,
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reports_period CHECK (period_end >= period_start)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX reports_schedule_period_uq ON reports (schedule_id, period_start) WHERE schedule_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX reports_created_idx ON reports (created_at, id)`);

    // ---------- audit trail ----------
    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        actor_user_id uuid,
        actor_role text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid,
        before jsonb,
        after jsonb,
        request_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, created_at)`,
    );
    await q.query(`CREATE INDEX audit_events_created_idx ON audit_events (created_at, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'audit_events',
      'reports',
      'report_schedules',
      'email_deliveries',
      'notifications',
      'reminder_outbox',
      'reminders',
      'reminder_rules',
      'maintenance_logs',
      'deliverables',
      'indicator_values',
      'result_indicators',
      'milestones',
      'aid_transactions',
      'aid_project_organizations',
      'aid_projects',
      'disbursements',
      'reviewer_conflicts',
      'application_reviews',
      'scholarship_applications',
      'scholarships',
      'registrations',
      'program_organizations',
      'programs',
      'partnerships',
      'cities',
      'participants',
      'refresh_tokens',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(
      `ALTER TABLE organizations DROP CONSTRAINT IF EXISTS organizations_approved_by_fk`,
    );
    await q.query(`DROP TABLE IF EXISTS users`);
    await q.query(`DROP TABLE IF EXISTS organizations`);
    await q.query(`DROP FUNCTION IF EXISTS i18n_search_text(jsonb)`);
  }
}
