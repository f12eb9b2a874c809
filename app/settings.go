package app

import (
	"context"
	"unicode/utf8"

	"sekisho/backend/i18n"
	"sekisho/backend/model"
)

// Setting keys.
const (
	settingLanguage   = "language"
	settingOrgName    = "organizationName"
	settingStrictMode = "strictMode"
)

// maxOrgName bounds the organization name (it appears in certificates).
const maxOrgName = 64

// Settings reads and changes the app's settings (SPEC section 7).
type Settings struct{ base }

// SettingsData is the app's settings.
type SettingsData struct {
	// Language is "ja", "en", or "" to follow the OS.
	Language string `json:"language"`
	// EffectiveLanguage is the language in force.
	EffectiveLanguage string `json:"effectiveLanguage"`
	OrganizationName  string `json:"organizationName"`
	// StrictMode turns the fail-open row of the certificate matrix off.
	StrictMode bool `json:"strictMode"`
}

// Get returns the settings.
func (s *Settings) Get(Empty) (SettingsData, error) {
	v, err := s.get(context.Background())
	return v, s.fail(err)
}

func (s *Settings) get(ctx context.Context) (SettingsData, error) {
	var d SettingsData
	for key, dst := range map[string]any{settingLanguage: &d.Language, settingOrgName: &d.OrganizationName, settingStrictMode: &d.StrictMode} {
		if _, err := s.env.DB.GetSetting(ctx, key, dst); err != nil {
			return SettingsData{}, err
		}
	}
	d.EffectiveLanguage = string(s.env.Lang())
	return d, nil
}

// SettingsUpdate changes the fields it carries.
type SettingsUpdate struct {
	Language         *string `json:"language,omitempty"`
	OrganizationName *string `json:"organizationName,omitempty"`
	StrictMode       *bool   `json:"strictMode,omitempty"`
}

// Update changes settings and returns them all.
func (s *Settings) Update(req SettingsUpdate) (SettingsData, error) {
	values := map[string]any{}
	if req.Language != nil {
		switch *req.Language {
		case "", string(i18n.JA), string(i18n.EN):
			values[settingLanguage] = *req.Language
		default:
			return SettingsData{}, s.fail(model.Invalid("language", "settings.language.invalid", nil))
		}
	}
	if req.OrganizationName != nil {
		in := model.UserInput{Name: *req.OrganizationName}.Normalize()
		if utf8.RuneCountInString(in.Name) > maxOrgName {
			return SettingsData{}, s.fail(model.Invalid("organizationName", "settings.org.too_long", map[string]any{"max": maxOrgName}))
		}
		values[settingOrgName] = in.Name
	}
	if req.StrictMode != nil {
		values[settingStrictMode] = *req.StrictMode
	}
	ctx := context.Background()
	if len(values) > 0 {
		if err := s.env.DB.PutSettings(ctx, s.env.Actor, values); err != nil {
			return SettingsData{}, s.fail(err)
		}
	}
	if req.Language != nil {
		s.env.setLang(i18n.Lang(*req.Language))
	}
	v, err := s.get(ctx)
	return v, s.fail(err)
}
