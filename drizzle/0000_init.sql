CREATE TABLE `accounts` (
	`connection` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`account_id` text,
	`time_zone` text NOT NULL,
	`currency` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `associations` (
	`connection` text NOT NULL,
	`from_type` text NOT NULL,
	`from_id` text NOT NULL,
	`to_type` text NOT NULL,
	`to_id` text NOT NULL,
	PRIMARY KEY(`connection`, `from_type`, `from_id`, `to_type`, `to_id`)
);
--> statement-breakpoint
CREATE INDEX `associations_to` ON `associations` (`connection`,`to_type`,`to_id`);--> statement-breakpoint
CREATE TABLE `companies` (
	`connection` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text,
	`industry` text,
	`owner_id` text,
	`created_at` integer NOT NULL,
	`customer_since` integer,
	`source` text,
	`properties` text NOT NULL,
	`modified_at` integer NOT NULL,
	`deleted_at` integer,
	`merged_into` text,
	PRIMARY KEY(`connection`, `external_id`)
);
--> statement-breakpoint
CREATE TABLE `contacts` (
	`connection` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text,
	`email` text,
	`company_id` text,
	`owner_id` text,
	`created_at` integer NOT NULL,
	`source` text,
	`properties` text NOT NULL,
	`modified_at` integer NOT NULL,
	`deleted_at` integer,
	`merged_into` text,
	PRIMARY KEY(`connection`, `external_id`)
);
--> statement-breakpoint
CREATE TABLE `deals` (
	`connection` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text,
	`pipeline_id` text NOT NULL,
	`stage_id` text,
	`status` text NOT NULL,
	`amount` real,
	`currency` text,
	`amount_home` real,
	`probability` real,
	`created_at` integer NOT NULL,
	`won_at` integer,
	`lost_at` integer,
	`close_date` text,
	`lost_reason` text,
	`source` text,
	`source_detail` text,
	`owner_id` text,
	`company_id` text,
	`contact_id` text,
	`properties` text NOT NULL,
	`modified_at` integer NOT NULL,
	`deleted_at` integer,
	`merged_into` text,
	PRIMARY KEY(`connection`, `external_id`)
);
--> statement-breakpoint
CREATE INDEX `deals_won` ON `deals` (`connection`,`won_at`);--> statement-breakpoint
CREATE INDEX `deals_created` ON `deals` (`connection`,`created_at`);--> statement-breakpoint
CREATE TABLE `engagements` (
	`connection` text NOT NULL,
	`external_id` text NOT NULL,
	`type` text NOT NULL,
	`direction` text,
	`outcome` text,
	`duration_seconds` integer,
	`occurred_at` integer NOT NULL,
	`end_at` integer,
	`owner_id` text,
	`done` integer,
	`activity_type` text,
	`modified_at` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`connection`, `type`, `external_id`)
);
--> statement-breakpoint
CREATE INDEX `engagements_time` ON `engagements` (`connection`,`type`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `field_changes` (
	`connection` text NOT NULL,
	`deal_id` text NOT NULL,
	`field` text NOT NULL,
	`seq` integer NOT NULL,
	`value` text,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`connection`, `deal_id`, `field`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `kpi_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`connection` text NOT NULL,
	`kpi` text NOT NULL,
	`measure` text NOT NULL,
	`period` text NOT NULL,
	`segment` text NOT NULL,
	`value` real,
	`unit` text NOT NULL,
	`n` integer,
	`flags` text NOT NULL,
	`as_of` integer NOT NULL,
	`computed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `kpi_snapshots_lookup` ON `kpi_snapshots` (`connection`,`kpi`,`measure`,`segment`,`as_of`);--> statement-breakpoint
CREATE TABLE `leads` (
	`connection` text NOT NULL,
	`external_id` text NOT NULL,
	`title` text,
	`created_at` integer NOT NULL,
	`owner_id` text,
	`source` text,
	`converted_at` integer,
	`modified_at` integer NOT NULL,
	`deleted_at` integer,
	`merged_into` text,
	PRIMARY KEY(`connection`, `external_id`)
);
--> statement-breakpoint
CREATE TABLE `lifecycle_changes` (
	`connection` text NOT NULL,
	`object_type` text NOT NULL,
	`object_id` text NOT NULL,
	`seq` integer NOT NULL,
	`stage` text NOT NULL,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`connection`, `object_type`, `object_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `owners` (
	`connection` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`archived` integer NOT NULL,
	`team_id` text,
	PRIMARY KEY(`connection`, `external_id`)
);
--> statement-breakpoint
CREATE TABLE `pipelines` (
	`connection` text NOT NULL,
	`external_id` text NOT NULL,
	`label` text NOT NULL,
	`display_order` integer NOT NULL,
	`archived` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`connection`, `external_id`)
);
--> statement-breakpoint
CREATE TABLE `quarantine` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`connection` text NOT NULL,
	`object_type` text NOT NULL,
	`external_id` text,
	`reason` text NOT NULL,
	`payload` text,
	`run_id` integer,
	`quarantined_at` integer NOT NULL,
	`resolved_at` integer
);
--> statement-breakpoint
CREATE INDEX `quarantine_record` ON `quarantine` (`connection`,`object_type`,`external_id`);--> statement-breakpoint
CREATE TABLE `stage_visits` (
	`connection` text NOT NULL,
	`deal_id` text NOT NULL,
	`seq` integer NOT NULL,
	`pipeline_id` text NOT NULL,
	`stage_id` text NOT NULL,
	`entered_at` integer NOT NULL,
	`exited_at` integer,
	PRIMARY KEY(`connection`, `deal_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `stages` (
	`connection` text NOT NULL,
	`pipeline_id` text NOT NULL,
	`external_id` text NOT NULL,
	`label` text NOT NULL,
	`display_order` integer NOT NULL,
	`probability` real,
	`role` text NOT NULL,
	`archived` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`connection`, `pipeline_id`, `external_id`)
);
--> statement-breakpoint
CREATE TABLE `sync_cursors` (
	`connection` text NOT NULL,
	`object_type` text NOT NULL,
	`cursor` text,
	`reconciled_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`connection`, `object_type`)
);
--> statement-breakpoint
CREATE TABLE `sync_run_objects` (
	`run_id` integer NOT NULL,
	`object_type` text NOT NULL,
	`fetched` integer NOT NULL,
	`quarantined` integer NOT NULL,
	`deleted` integer NOT NULL,
	`store_count` integer,
	`crm_count` integer,
	`sample_checked` integer,
	`sample_missing` integer,
	`complete` integer,
	`note` text,
	PRIMARY KEY(`run_id`, `object_type`)
);
--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`connection` text NOT NULL,
	`full` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`api_calls` integer DEFAULT 0 NOT NULL,
	`tokens_used` integer,
	`tokens_left` integer,
	`error` text
);
--> statement-breakpoint
CREATE TABLE `teams` (
	`connection` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`connection`, `external_id`)
);
